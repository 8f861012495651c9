import { EntitySchema } from 'typeorm';
import type { AuditRecordRow, ConversationRecord, MessageRecord } from './records';

export type DbKind = 'postgres' | 'sqlite';

/** Timestamp column type per driver: timestamptz on PostgreSQL, datetime on SQLite. */
export const timestampType = (kind: DbKind): 'timestamptz' | 'datetime' =>
  kind === 'postgres' ? 'timestamptz' : 'datetime';

/**
 * Entities as schemas rather than decorated classes so one definition serves PostgreSQL and
 * the embedded SQLite file, whose column types differ.
 */
export function buildEntities(kind: DbKind) {
  const ts = timestampType(kind);
  const conversation = new EntitySchema<ConversationRecord>({
    name: 'conversation',
    tableName: 'conversations',
    columns: {
      id: { type: 'varchar', length: 36, primary: true },
      user_id: { type: 'varchar', length: 128 },
      title: { type: 'varchar', length: 200, nullable: true },
      summary: { type: 'text', nullable: true },
      summary_until: { type: ts, nullable: true },
      created_at: { type: ts },
      updated_at: { type: ts },
    },
  });
  const message = new EntitySchema<MessageRecord>({
    name: 'message',
    tableName: 'messages',
    columns: {
      id: { type: 'varchar', length: 36, primary: true },
      conversation_id: { type: 'varchar', length: 36 },
      user_id: { type: 'varchar', length: 128 },
      role: { type: 'varchar', length: 16 },
      content: { type: 'text' },
      sentiment: { type: 'simple-json', nullable: true },
      prompt_tokens: { type: 'integer', nullable: true },
      completion_tokens: { type: 'integer', nullable: true },
      model: { type: 'varchar', length: 100, nullable: true },
      finish_reason: { type: 'varchar', length: 16, nullable: true },
      client_message_id: { type: 'varchar', length: 100, nullable: true },
      reply_to: { type: 'varchar', length: 36, nullable: true },
      created_at: { type: ts },
      feedback: { type: 'simple-json', nullable: true },
      sources: { type: 'simple-json', nullable: true },
      figures: { type: 'simple-json', nullable: true },
    },
  });
  const auditRecord = new EntitySchema<AuditRecordRow>({
    name: 'audit_record',
    tableName: 'audit_records',
    columns: {
      message_id: { type: 'varchar', length: 36, primary: true },
      user_id: { type: 'varchar', length: 128 },
      pseudonymised: { type: 'boolean', default: false },
      conversation_id: { type: 'varchar', length: 36 },
      created_at: { type: ts },
      provider: { type: 'varchar', length: 50 },
      model: { type: 'varchar', length: 100 },
      prompt_sha256: { type: 'varchar', length: 64 },
      tools: { type: 'simple-json' },
      sources: { type: 'simple-json' },
      figures: { type: 'simple-json', nullable: true },
      disclaimer_shown: { type: 'boolean' },
      finish_reason: { type: 'varchar', length: 16 },
    },
  });
  return { conversation, message, auditRecord };
}
