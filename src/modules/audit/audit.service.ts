import { Injectable } from '@nestjs/common';
import { AuditRecord, sha256Hex, toAuditRecord } from './audit-record';
import { AuditStore } from './audit-store';

export interface AuditListQuery {
  user_id?: string;
  from?: string;
  to?: string;
  limit: number;
}

@Injectable()
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  async list(q: AuditListQuery): Promise<{ records: AuditRecord[]; count: number }> {
    const rows = await this.store.list({
      // A user's records are found before and after erasure (by id, then by its SHA-256).
      userIds: q.user_id ? [q.user_id, sha256Hex(q.user_id)] : undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit,
    });
    const records = rows.map(toAuditRecord);
    return { records, count: records.length };
  }
}
