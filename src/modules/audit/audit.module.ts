import { Module } from '@nestjs/common';
import { TypeOrmAuditStore } from '../../infrastructure/database/typeorm-audit.store';
import { AuditController } from './audit.controller';
import { AuditStore } from './audit-store';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, { provide: AuditStore, useClass: TypeOrmAuditStore }],
})
export class AuditModule {}
