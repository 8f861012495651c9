import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Feedback stored with each message, and the audit trail of answers. The audit table has no
 * foreign key to `messages` on purpose: its records outlive the conversations they describe.
 * Schema-builder calls, so the same migration runs on PostgreSQL and on the embedded SQLite.
 */
export class AddFeedbackAndAudit1796660400000 implements MigrationInterface {
  name = 'AddFeedbackAndAudit1796660400000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const ts = postgres ? 'timestamptz' : 'datetime';
    await q.addColumn(
      'messages',
      new TableColumn({ name: 'feedback', type: 'text', isNullable: true }),
    );
    await q.createTable(
      new Table({
        name: 'audit_records',
        columns: [
          { name: 'message_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '128' },
          { name: 'pseudonymised', type: 'boolean', default: postgres ? 'false' : '0' },
          { name: 'conversation_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: ts },
          { name: 'provider', type: 'varchar', length: '50' },
          { name: 'model', type: 'varchar', length: '100' },
          { name: 'prompt_sha256', type: 'varchar', length: '64' },
          { name: 'tools', type: 'text' },
          { name: 'sources', type: 'text' },
          { name: 'figures', type: 'text', isNullable: true },
          { name: 'disclaimer_shown', type: 'boolean' },
          { name: 'finish_reason', type: 'varchar', length: '16' },
        ],
      }),
      true,
    );
    await q.createIndices('audit_records', [
      // The compliance query: one user's records in a period, newest first.
      new TableIndex({ name: 'idx_audit_user_created', columnNames: ['user_id', 'created_at'] }),
      // The same without a user filter.
      new TableIndex({ name: 'idx_audit_created', columnNames: ['created_at'] }),
    ]);
    // The retention sweep looks for conversations by their last activity.
    await q.createIndex(
      'conversations',
      new TableIndex({ name: 'idx_conversations_updated', columnNames: ['updated_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('conversations', 'idx_conversations_updated');
    await q.dropTable('audit_records', true, true, true);
    await q.dropColumn('messages', 'feedback');
  }
}
