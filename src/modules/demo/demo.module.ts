import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller';

/**
 * The demo chat page at `GET /` (DEMO_PAGE) and, outside production, the development token
 * endpoint it uses. JwtService comes from the global AuthModule.
 */
@Module({ controllers: [DemoController] })
export class DemoModule {}
