import type {
  ConversationRecord,
  MessageRecord,
} from '../../../src/infrastructure/database/records';
import type { InsertOptions, ListQuery } from '../../../src/modules/memory/message-store';
import { MessageStore } from '../../../src/modules/memory/message-store';

/**
 * MessageStore in arrays, for unit tests of the services above it (the TypeORM adapter is
 * tested against the real databases). `failNextInsert` simulates a storage outage.
 */
export class InMemoryMessageStore extends MessageStore {
  readonly conversations: ConversationRecord[] = [];
  readonly messages: MessageRecord[] = [];
  failNextInsert: Error | null = null;

  createConversation(c: ConversationRecord): Promise<void> {
    this.conversations.push({ ...c });
    return Promise.resolve();
  }

  findConversation(id: string): Promise<ConversationRecord | null> {
    return Promise.resolve(this.conversations.find((c) => c.id === id) ?? null);
  }

  updateConversation(id: string, patch: Partial<ConversationRecord>): Promise<void> {
    const c = this.conversations.find((x) => x.id === id);
    if (c) Object.assign(c, patch);
    return Promise.resolve();
  }

  listConversationIds(userId: string): Promise<string[]> {
    return Promise.resolve(this.conversations.filter((c) => c.user_id === userId).map((c) => c.id));
  }

  async insertMessage(m: MessageRecord, opts: InsertOptions = {}): Promise<void> {
    const failure = this.failNextInsert;
    if (failure) {
      this.failNextInsert = null;
      throw failure;
    }
    if (opts.newConversation) await this.createConversation(opts.newConversation);
    if (opts.touchConversation)
      await this.updateConversation(m.conversation_id, { updated_at: m.created_at });
    this.messages.push({ ...m });
  }

  private of(userId: string, conversationId?: string): MessageRecord[] {
    return this.messages.filter(
      (m) => m.user_id === userId && (!conversationId || m.conversation_id === conversationId),
    );
  }

  listMessages(q: ListQuery): Promise<MessageRecord[]> {
    return Promise.resolve(this.of(q.userId, q.conversationId).slice(-q.limit));
  }

  listAll(userId: string, conversationId?: string): Promise<MessageRecord[]> {
    return Promise.resolve(this.of(userId, conversationId));
  }

  countMessages(userId: string, conversationId?: string): Promise<number> {
    return Promise.resolve(this.of(userId, conversationId).length);
  }

  findByClientMessageId(userId: string, clientMessageId: string): Promise<MessageRecord | null> {
    return Promise.resolve(
      this.messages.find((m) => m.user_id === userId && m.client_message_id === clientMessageId) ??
        null,
    );
  }

  findReplyTo(userMessageId: string): Promise<MessageRecord | null> {
    const answers = this.messages.filter((m) => m.reply_to === userMessageId);
    return Promise.resolve(answers[answers.length - 1] ?? null);
  }

  findUnanswered(before: Date, limit: number): Promise<MessageRecord[]> {
    const answered = new Set(this.messages.map((m) => m.reply_to));
    return Promise.resolve(
      this.messages
        .filter((m) => m.role === 'user' && !answered.has(m.id) && m.created_at < before)
        .slice(0, limit),
    );
  }

  deleteMessages(userId: string, conversationId?: string): Promise<number> {
    const doomed = new Set(this.of(userId, conversationId));
    for (let i = this.messages.length - 1; i >= 0; i--)
      if (doomed.has(this.messages[i])) this.messages.splice(i, 1);
    return Promise.resolve(doomed.size);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/**
 * An in-memory store whose next `listMessages` reads the messages at once (as the database would)
 * but answers only when the test says so: a history read can be held between reading the store
 * and refilling the cache, while other calls run.
 */
export class PausableMessageStore extends InMemoryMessageStore {
  private held: { reached: () => void; gate: Promise<void> } | null = null;

  /** Holds the next `listMessages`; `reached` resolves once it has read, `release` answers it. */
  holdNextList(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reachedP = new Promise<void>((r) => (reached = r));
    this.held = { reached, gate };
    return { reached: reachedP, release };
  }

  override async listMessages(q: ListQuery): Promise<MessageRecord[]> {
    // Copies, as rows read from a database: a later change in the store does not reach them.
    const rows = (await super.listMessages(q)).map((m) => ({ ...m }));
    const held = this.held;
    if (held) {
      this.held = null;
      held.reached();
      await held.gate;
    }
    return rows;
  }
}
