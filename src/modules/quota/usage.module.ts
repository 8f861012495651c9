import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { QuotaModule } from './quota.module';
import { UsageController } from './usage.controller';

/** `GET /api/chat/usage/{user_id}`. */
@Module({
  imports: [QuotaModule, AdmissionModule, AuthModule],
  controllers: [UsageController],
})
export class UsageModule {}
