import type { EntityManager } from 'typeorm';
import { sha256Hex } from '../../modules/audit/audit-record';
import type { AuditRecordRow } from './records';

/**
 * Replaces the user id of audit records by its SHA-256 (all of the user's records, or one
 * conversation's). The records stay: a regulator may still ask what was answered, but no longer
 * to whom by name.
 */
export async function pseudonymiseAudit(
  em: EntityManager,
  userId: string,
  conversationId?: string,
): Promise<number> {
  const res = await em
    .getRepository<AuditRecordRow>('audit_record')
    .update(
      conversationId
        ? { user_id: userId, pseudonymised: false, conversation_id: conversationId }
        : { user_id: userId, pseudonymised: false },
      { user_id: sha256Hex(userId), pseudonymised: true },
    );
  return res.affected ?? 0;
}
