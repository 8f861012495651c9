import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { TypeOrmAuditStore } from '../../infrastructure/database/typeorm-audit.store';
import { AuditController } from './audit.controller';
import { AuditStore } from './audit-store';
import { AuditService } from './audit.service';

@Module({
  imports: [AuthModule, AdmissionModule],
  controllers: [AuditController],
  providers: [AuditService, { provide: AuditStore, useClass: TypeOrmAuditStore }],
})
export class AuditModule {}
