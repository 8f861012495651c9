import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Written with TypeORM's schema builder (not raw SQL) so the same migration creates the
 * tables on PostgreSQL and on the embedded SQLite file.
 */
export class CreateChatTables1764201600000 implements MigrationInterface {
  name = 'CreateChatTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.createTable(
      new Table({
        name: 'conversations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '128' },
          { name: 'title', type: 'varchar', length: '200', isNullable: true },
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'summary_until', type: ts, isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        indices: [{ name: 'idx_conversations_user', columnNames: ['user_id', 'updated_at'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'conversation_id', type: 'varchar', length: '36' },
          { name: 'user_id', type: 'varchar', length: '128' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'content', type: 'text' },
          { name: 'sentiment', type: 'text', isNullable: true },
          { name: 'prompt_tokens', type: 'integer', isNullable: true },
          { name: 'completion_tokens', type: 'integer', isNullable: true },
          { name: 'model', type: 'varchar', length: '100', isNullable: true },
          { name: 'finish_reason', type: 'varchar', length: '16', isNullable: true },
          { name: 'client_message_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'reply_to', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: ts },
        ],
      }),
      true,
    );
    await q.createForeignKey(
      'messages',
      new TableForeignKey({
        name: 'fk_messages_conversation',
        columnNames: ['conversation_id'],
        referencedTableName: 'conversations',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
    await q.createIndices('messages', [
      new TableIndex({
        name: 'idx_messages_conversation',
        columnNames: ['conversation_id', 'created_at'],
      }),
      new TableIndex({ name: 'idx_messages_user', columnNames: ['user_id', 'created_at'] }),
      new TableIndex({ name: 'idx_messages_reply_to', columnNames: ['reply_to'] }),
      new TableIndex({
        name: 'uq_messages_user_client_id',
        columnNames: ['user_id', 'client_message_id'],
        isUnique: true,
      }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('messages', true, true, true);
    await q.dropTable('conversations', true, true, true);
  }
}
