import type { AuditRecordRow } from '../../infrastructure/database/records';

export interface AuditQuery {
  /** Matches records by the user's id or by its SHA-256 (after erasure). */
  userIds?: string[];
  from?: Date;
  to?: Date;
  limit: number;
}

/** Port: reading the audit trail (records are written with their answer, by the message store). */
export abstract class AuditStore {
  /** Newest first. */
  abstract list(q: AuditQuery): Promise<AuditRecordRow[]>;
}
