import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityMetadata, Repository } from 'typeorm';
import type { ConversationRecord, MessageRecord } from './records';
import { pseudonymiseAudit } from './audit-pseudonymiser';
import { AppError } from '../../common/errors/app-error';
import { InsertOptions, ListQuery, MessageStore } from '../../modules/memory/message-store';

const STORAGE_DOWN =
  'No pudimos guardar ni leer la conversación en este momento. Probá de nuevo en unos segundos.';

/** TypeORM adapter: the same code runs on PostgreSQL and on the embedded SQLite file. */
@Injectable()
export class TypeOrmMessageStore extends MessageStore {
  private readonly logger = new Logger('TypeOrmMessageStore');
  private readonly conversations: Repository<ConversationRecord>;
  private readonly messages: Repository<MessageRecord>;

  private readonly postgres: boolean;
  private statements: PgStatements | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
    this.conversations = ds.getRepository<ConversationRecord>('conversation');
    this.messages = ds.getRepository<MessageRecord>('message');
    this.postgres = ds.options.type === 'postgres';
  }

  /**
   * Any database failure (down, timed out, pool exhausted) becomes the domain's
   * `storage_unavailable` (503), so callers stop before doing anything costly, such as calling
   * the LLM, and the process never crashes on it.
   */
  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The conversation was deleted while this message was being answered (a history
      // deletion racing the answer): the write has nowhere to go; not an outage.
      if (isForeignKeyViolation(err)) {
        throw new AppError(
          'not_found',
          'La conversación ya no existe: se borró mientras se respondía el mensaje.',
        );
      }
      this.logger.warn(
        `database operation failed: ${err instanceof Error ? err.message : 'error'}`,
      );
      throw new AppError('storage_unavailable', STORAGE_DOWN, { cause: err });
    }
  }

  async createConversation(c: ConversationRecord): Promise<void> {
    await this.run(() => this.conversations.insert(c));
  }

  findConversation(id: string): Promise<ConversationRecord | null> {
    return this.run(() => this.conversations.findOneBy({ id }));
  }

  async updateConversation(id: string, patch: Partial<ConversationRecord>): Promise<void> {
    await this.run(() => this.conversations.update({ id }, patch));
  }

  async listConversationIds(userId: string): Promise<string[]> {
    const rows = await this.run(() =>
      this.conversations.find({ where: { user_id: userId }, select: { id: true } }),
    );
    return rows.map((r) => r.id);
  }

  /**
   * One round trip and one commit on PostgreSQL (the conversation's insert or update rides in
   * the same statement as a CTE); a transaction on SQLite.
   */
  async insertMessage(m: MessageRecord, opts: InsertOptions = {}): Promise<void> {
    const conv = opts.newConversation;
    if (this.postgres) {
      const st = (this.statements ??= pgStatements(this.ds));
      const message = st.values(st.message, m);
      if (opts.audit) {
        // An answer and its audit record in one statement: neither exists without the other.
        const variant = conv ? 'new' : opts.touchConversation ? 'touch' : 'plain';
        const head = conv
          ? st.values(st.conversation, conv)
          : opts.touchConversation
            ? [m.created_at, m.conversation_id]
            : [];
        const params = [...head, ...st.values(st.audit, opts.audit), ...message];
        await this.run(() => this.ds.query(st.withAudit(variant), params));
      } else if (conv) {
        const params = [...st.values(st.conversation, conv), ...message];
        await this.run(() => this.ds.query(st.insertWithConversation, params));
      } else if (opts.touchConversation) {
        const params = [m.created_at, m.conversation_id, ...message];
        await this.run(() => this.ds.query(st.insertAndTouch, params));
      } else {
        await this.run(() => this.ds.query(st.insertMessage, message));
      }
      return;
    }
    await this.run(() =>
      this.ds.transaction(async (em) => {
        if (conv) await em.insert('conversation', conv);
        await em.insert('message', m);
        if (!conv && opts.touchConversation) {
          await em.update('conversation', { id: m.conversation_id }, { updated_at: m.created_at });
        }
        if (opts.audit) await em.insert('audit_record', opts.audit);
      }),
    );
  }

  async listMessages(q: ListQuery): Promise<MessageRecord[]> {
    const rows = await this.run(() =>
      this.messages.find({
        where: q.conversationId
          ? { user_id: q.userId, conversation_id: q.conversationId }
          : { user_id: q.userId },
        order: { created_at: 'DESC', id: 'DESC' },
        take: q.limit,
      }),
    );
    return rows.reverse();
  }

  listAll(userId: string, conversationId?: string): Promise<MessageRecord[]> {
    return this.run(() =>
      this.messages.find({
        where: conversationId
          ? { user_id: userId, conversation_id: conversationId }
          : { user_id: userId },
        order: { created_at: 'ASC', id: 'ASC' },
      }),
    );
  }

  countMessages(userId: string, conversationId?: string): Promise<number> {
    return this.run(() =>
      this.messages.countBy(
        conversationId ? { user_id: userId, conversation_id: conversationId } : { user_id: userId },
      ),
    );
  }

  findByClientMessageId(userId: string, clientMessageId: string): Promise<MessageRecord | null> {
    return this.run(() =>
      this.messages.findOneBy({ user_id: userId, client_message_id: clientMessageId }),
    );
  }

  findReplyTo(userMessageId: string): Promise<MessageRecord | null> {
    // The newest: an answer given on a retry comes after an interrupted one.
    return this.run(() =>
      this.messages.findOne({ where: { reply_to: userMessageId }, order: { created_at: 'DESC' } }),
    );
  }

  /** User messages older than `before` that never got an answer (the process died, or the LLM failed). */
  findUnanswered(before: Date, limit: number): Promise<MessageRecord[]> {
    return this.run(() =>
      this.messages
        .createQueryBuilder('u')
        .leftJoin('message', 'a', 'a.reply_to = u.id')
        .where('u.role = :role', { role: 'user' })
        .andWhere('a.id IS NULL')
        .andWhere('u.created_at < :before', { before })
        .orderBy('u.created_at', 'ASC')
        .take(limit)
        .getMany(),
    );
  }

  deleteMessages(userId: string, conversationId?: string): Promise<number> {
    return this.run(() =>
      this.ds.transaction(async (em) => {
        const where = conversationId
          ? { user_id: userId, conversation_id: conversationId }
          : { user_id: userId };
        const res = await em.getRepository<MessageRecord>('message').delete(where);
        await pseudonymiseAudit(em, userId, conversationId);
        await em
          .getRepository<ConversationRecord>('conversation')
          .delete(conversationId ? { user_id: userId, id: conversationId } : { user_id: userId });
        return res.affected ?? 0;
      }),
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}

interface PgStatements {
  conversation: EntityMetadata;
  message: EntityMetadata;
  audit: EntityMetadata;
  /** The message's INSERT with its audit record's, and the conversation's insert or update. */
  withAudit(variant: 'new' | 'touch' | 'plain'): string;
  insertMessage: string;
  insertWithConversation: string;
  insertAndTouch: string;
  /** A record's column values, converted as TypeORM would persist them. */
  values(meta: EntityMetadata, record: object): unknown[];
}

/** Hand-built INSERTs from the entity metadata: the query builder's cost, once, not per write. */
function pgStatements(ds: DataSource): PgStatements {
  const driver = ds.driver;
  const conversation = ds.getMetadata('conversation');
  const message = ds.getMetadata('message');
  const insert = (meta: EntityMetadata, from: number) =>
    `INSERT INTO ${driver.escape(meta.tableName)} (${meta.columns
      .map((c) => driver.escape(c.databaseName))
      .join(', ')}) VALUES (${meta.columns.map((_, i) => `$${from + i}`).join(', ')})`;
  const audit = ds.getMetadata('audit_record');
  const convCols = conversation.columns.length;
  const auditCols = audit.columns.length;
  const table = driver.escape(conversation.tableName);
  const touch = `UPDATE ${table} SET ${driver.escape('updated_at')} = $1 WHERE ${driver.escape('id')} = $2`;
  const withAudit = {
    new: `WITH c AS (${insert(conversation, 1)}), a AS (${insert(audit, convCols + 1)}) ${insert(message, convCols + auditCols + 1)}`,
    touch: `WITH t AS (${touch}), a AS (${insert(audit, 3)}) ${insert(message, auditCols + 3)}`,
    plain: `WITH a AS (${insert(audit, 1)}) ${insert(message, auditCols + 1)}`,
  };
  return {
    conversation,
    message,
    audit,
    withAudit: (variant) => withAudit[variant],
    insertMessage: insert(message, 1),
    insertWithConversation: `WITH c AS (${insert(conversation, 1)}) ${insert(message, convCols + 1)}`,
    insertAndTouch: `WITH t AS (UPDATE ${table} SET ${driver.escape('updated_at')} = $1 WHERE ${driver.escape('id')} = $2) ${insert(message, 3)}`,
    values: (meta, record) =>
      meta.columns.map(
        (c): unknown =>
          driver.preparePersistentValue(
            c.getEntityValue(record as Record<string, unknown>),
            c,
          ) as unknown,
      ),
  };
}

/** PostgreSQL's foreign_key_violation, or SQLite's foreign key constraint failure. */
function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
