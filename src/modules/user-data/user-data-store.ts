import type { ConversationRecord, MessageRecord } from '../../infrastructure/database/records';

/**
 * Where a keyset page starts: after this row in (created_at, id) order. The time is kept as the
 * database wrote it (text), since a JavaScript Date would drop PostgreSQL's microseconds and
 * repeat rows across pages.
 */
export interface PageCursor {
  created_at: string;
  id: string;
}

export interface Page<T> {
  rows: T[];
  /** Where the next page starts; null when this one was the last. */
  next: PageCursor | null;
}

/** Port: paged reads for the export, and the retention sweep's batch deletes. */
export abstract class UserDataStore {
  /** The user's conversations, oldest first. */
  abstract conversationsPage(
    userId: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<Page<ConversationRecord>>;
  /** One conversation's messages, oldest first. */
  abstract messagesPage(
    userId: string,
    conversationId: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<Page<MessageRecord>>;
  /** Conversations whose last activity is older than `before`. */
  abstract expiredConversations(
    before: Date,
    limit: number,
  ): Promise<{ id: string; user_id: string }[]>;
  /**
   * Deletes these conversations with their messages (feedback and summaries live in them), in
   * one short transaction; returns the messages deleted. Audit records stay.
   */
  abstract deleteConversations(ids: string[]): Promise<number>;
}

/** Port: runs a job on one instance at a time; null when another instance holds it. */
export abstract class ExclusiveRunner {
  abstract runExclusive<T>(name: string, job: () => Promise<T>): Promise<T | null>;
}
