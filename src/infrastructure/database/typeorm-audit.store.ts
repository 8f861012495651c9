import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { AuditQuery, AuditStore } from '../../modules/audit/audit-store';
import type { AuditRecordRow } from './records';

/** TypeORM adapter (PostgreSQL and the embedded SQLite); served by idx_audit_* indexes. */
@Injectable()
export class TypeOrmAuditStore extends AuditStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async list(q: AuditQuery): Promise<AuditRecordRow[]> {
    const qb = this.ds.getRepository<AuditRecordRow>('audit_record').createQueryBuilder('a');
    if (q.userIds) qb.andWhere('a.user_id IN (:...ids)', { ids: q.userIds });
    if (q.from) qb.andWhere('a.created_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.created_at < :to', { to: q.to });
    qb.orderBy('a.created_at', 'DESC').addOrderBy('a.message_id', 'DESC').take(q.limit);
    try {
      return await qb.getMany();
    } catch (err) {
      throw new AppError(
        'storage_unavailable',
        'No pudimos leer el registro de auditoría en este momento.',
        { cause: err },
      );
    }
  }
}
