import type {
  AuditRecordRow,
  ConversationRecord,
  MessageRecord,
} from '../../infrastructure/database/records';

/** What else the insert of a message does, in the same atomic write. */
export interface InsertOptions {
  /** Creates this conversation first (the message is its first one). */
  newConversation?: ConversationRecord;
  /** Sets the conversation's `updated_at` to the message's `created_at`. */
  touchConversation?: boolean;
  /** The answer's audit record: stored with it or not at all. */
  audit?: AuditRecordRow;
}

export interface ListQuery {
  userId: string;
  conversationId?: string;
  limit: number;
}

/** Port: durable storage of conversations and messages (the source of truth). */
export abstract class MessageStore {
  abstract createConversation(c: ConversationRecord): Promise<void>;
  abstract findConversation(id: string): Promise<ConversationRecord | null>;
  abstract updateConversation(id: string, patch: Partial<ConversationRecord>): Promise<void>;
  abstract listConversationIds(userId: string): Promise<string[]>;
  abstract insertMessage(m: MessageRecord, opts?: InsertOptions): Promise<void>;
  /** The newest `limit` messages, oldest first. */
  abstract listMessages(q: ListQuery): Promise<MessageRecord[]>;
  /** Every message of the user (or of one conversation), oldest first; for summaries. */
  abstract listAll(userId: string, conversationId?: string): Promise<MessageRecord[]>;
  abstract countMessages(userId: string, conversationId?: string): Promise<number>;
  abstract findByClientMessageId(
    userId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | null>;
  abstract findReplyTo(userMessageId: string): Promise<MessageRecord | null>;
  abstract findUnanswered(before: Date, limit: number): Promise<MessageRecord[]>;
  /**
   * Deletes messages (and, when it empties them, conversations), and pseudonymises their audit
   * records (user id → its SHA-256) in the same transaction. Returns the count deleted.
   */
  abstract deleteMessages(userId: string, conversationId?: string): Promise<number>;
  abstract ping(): Promise<boolean>;
}
