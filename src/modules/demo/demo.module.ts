import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { DemoController } from './demo.controller';

/**
 * The demo chat page at `GET /` (DEMO_PAGE) and, outside production, the development token
 * endpoint it uses.
 */
@Module({ imports: [AuthModule], controllers: [DemoController] })
export class DemoModule {}
