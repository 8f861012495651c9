import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import type { ConversationRecord, MessageRecord } from '../../infrastructure/database/records';
import { AppError } from '../../common/errors/app-error';
import { compositeKey } from '../../common/keys/composite-key';
import { MetricsService } from '../metrics/metrics.service';
import { ChatMessage, toChatMessage } from './chat-message';
import { InsertOptions, MessageStore } from './message-store';
import { MonotonicClock } from './monotonic-clock';

/** Enough for the largest history page the contract allows. */
export const HOT_WINDOW = 200;

/** Told after history is deleted (all of the user's, or one conversation's). */
export type DeletionListener = (userId: string, conversationId?: string) => void | Promise<void>;

export type NewMessage = Omit<MessageRecord, 'id' | 'created_at'> & { id?: string };

/**
 * Conversation memory: the database is the source of truth and is written first; the hot
 * cache keeps the newest messages per user and per conversation, so flushing it loses nothing.
 */
@Injectable()
export class MemoryService {
  private readonly clock = new MonotonicClock();
  private readonly deletionListeners: DeletionListener[] = [];

  constructor(
    private readonly store: MessageStore,
    private readonly cache: HotCache,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  private userKey(userId: string): string {
    return `hist:u:${userId}`;
  }

  /**
   * The version of all the user's windows (the user's list and every conversation's): each
   * append and each drop changes it, and a refill after a miss is written only if it did not
   * change since the miss (see HotCache). One per user, not per list, so a deletion of the
   * whole history also refuses the refills of windows it did not name. Named by a hash: it
   * outlives an erasure, and names no user.
   */
  private versionKey(userId: string): string {
    return `hist:v:${createHash('sha256').update(userId).digest('hex')}`;
  }

  /** Scoped by user too, so a foreign conversation id can never hit another user's list. */
  private convKey(userId: string, conversationId: string): string {
    return compositeKey('hist:c', userId, conversationId);
  }

  /** An existing conversation of this user; a foreign or unknown id is a 404 either way. */
  async getOwnConversation(userId: string, conversationId: string): Promise<ConversationRecord> {
    const conv = await this.store.findConversation(conversationId);
    if (!conv || conv.user_id !== userId) {
      throw new AppError('not_found', 'No encontramos esa conversación.');
    }
    return conv;
  }

  /** A new conversation, not yet stored: `append` its first message with `newConversation`. */
  newConversation(userId: string, title: string | null): ConversationRecord {
    const now = this.clock.now();
    return {
      id: randomUUID(),
      user_id: userId,
      title: title ? title.slice(0, 200) : null,
      summary: null,
      summary_until: null,
      created_at: now,
      updated_at: now,
    };
  }

  async createConversation(userId: string, title: string | null): Promise<ConversationRecord> {
    const conv = this.newConversation(userId, title);
    await this.store.createConversation(conv);
    return conv;
  }

  async updateConversation(id: string, patch: Partial<ConversationRecord>): Promise<void> {
    await this.store.updateConversation(id, patch);
  }

  /**
   * Writes to the database (with the conversation's creation or its `updated_at`, in the same
   * write), then appends to the cached lists that exist.
   */
  async append(msg: NewMessage, opts: InsertOptions = {}): Promise<ChatMessage> {
    const record: MessageRecord = {
      ...msg,
      id: msg.id ?? randomUUID(),
      created_at: this.clock.now(),
    };
    await this.store.insertMessage(record, opts);
    const chat = toChatMessage(record);
    await this.cache.appendToLists(
      this.versionKey(record.user_id),
      [this.userKey(record.user_id), this.convKey(record.user_id, chat.conversation_id)],
      [chat],
      HOT_WINDOW,
      this.config.cacheTtlS,
    );
    return chat;
  }

  /**
   * The newest `limit` messages (1..200), oldest first; from the cache, else the database. A miss
   * refills the cache only if no append or deletion of the user's history happened since the
   * miss (on any instance): else the refill, read before that change, is dropped.
   */
  async history(
    userId: string,
    opts: { limit: number; conversationId?: string },
  ): Promise<ChatMessage[]> {
    const limit = Math.min(Math.max(1, opts.limit), HOT_WINDOW);
    const key = opts.conversationId
      ? this.convKey(userId, opts.conversationId)
      : this.userKey(userId);
    const versionKey = this.versionKey(userId);
    const cached = await this.cache.readList<ChatMessage>(key, versionKey);
    this.metrics.cacheLookup(cached.hit);
    if (cached.hit) return cached.items.slice(Math.max(0, cached.items.length - limit));
    const rows = await this.store.listMessages({
      userId,
      conversationId: opts.conversationId,
      limit: HOT_WINDOW,
    });
    const messages = rows.map(toChatMessage);
    if (cached.version !== null) {
      await this.cache.refillList(key, versionKey, cached.version, messages, this.config.cacheTtlS);
    }
    return messages.slice(Math.max(0, messages.length - limit));
  }

  /** Every message, oldest first, straight from the database (summaries). */
  async all(userId: string, conversationId?: string): Promise<ChatMessage[]> {
    return (await this.store.listAll(userId, conversationId)).map(toChatMessage);
  }

  count(userId: string, conversationId?: string): Promise<number> {
    return this.store.countMessages(userId, conversationId);
  }

  /** Drops a user's cached windows (the user's and one conversation's): read again next time. */
  async forgetCachedWindows(userId: string, conversationId: string): Promise<void> {
    await this.dropWindows(userId, [conversationId]);
  }

  /** Drops the user's list and these conversations' lists, and refuses refills in flight. */
  private dropWindows(userId: string, conversationIds: string[]): Promise<void> {
    return this.cache.dropLists(this.versionKey(userId), [
      this.userKey(userId),
      ...conversationIds.map((id) => this.convKey(userId, id)),
    ]);
  }

  /** Called after any of the user's history is deleted (to drop what was derived from it). */
  onHistoryDeleted(listener: DeletionListener): void {
    this.deletionListeners.push(listener);
  }

  async deleteHistory(userId: string, conversationId?: string): Promise<number> {
    const convIds = conversationId
      ? [conversationId]
      : await this.store.listConversationIds(userId);
    const deleted = await this.store.deleteMessages(userId, conversationId);
    // Drop the user list too: it mixes every conversation of the user.
    await this.dropWindows(userId, convIds);
    await Promise.all(this.deletionListeners.map(async (l) => l(userId, conversationId)));
    return deleted;
  }

  async findByClientMessageId(
    userId: string,
    clientMessageId: string,
  ): Promise<ChatMessage | null> {
    const r = await this.store.findByClientMessageId(userId, clientMessageId);
    return r ? toChatMessage(r) : null;
  }

  async findReplyTo(userMessageId: string): Promise<ChatMessage | null> {
    const r = await this.store.findReplyTo(userMessageId);
    return r ? toChatMessage(r) : null;
  }

  /**
   * Gives every unanswered question older than `before` an empty "error" answer right after it,
   * and drops the cached windows of the users concerned. Returns how many were marked.
   */
  async markInterrupted(
    before: Date,
    markerId: (userMessageId: string) => string,
  ): Promise<number> {
    const questions = await this.store.findUnanswered(before, 100);
    let marked = 0;
    for (const q of questions) {
      try {
        await this.store.insertMessage({
          id: markerId(q.id),
          conversation_id: q.conversation_id,
          user_id: q.user_id,
          role: 'assistant',
          content: '',
          sentiment: null,
          prompt_tokens: null,
          completion_tokens: null,
          model: null,
          finish_reason: 'error',
          client_message_id: null,
          reply_to: q.id,
          created_at: new Date(new Date(q.created_at).getTime() + 1),
        });
        marked++;
      } catch {
        // Another instance marked it first (same id).
      }
      await this.dropWindows(q.user_id, [q.conversation_id]);
    }
    return marked;
  }

  databaseAlive(): Promise<boolean> {
    return this.store.ping();
  }
}
