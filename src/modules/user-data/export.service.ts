import { Injectable } from '@nestjs/common';
import type { ConversationRecord, MessageRecord } from '../../infrastructure/database/records';
import { toChatMessage, toPublicMessage } from '../memory/chat-message';
import { Page, PageCursor, UserDataStore } from './user-data-store';

/** Rows read per query: memory stays bounded by a page, whatever the user's history. */
const CONVERSATION_PAGE = 200;
const MESSAGE_PAGE = 500;
/** Output is handed to the sink in pieces of about this size. */
const FLUSH_BYTES = 64 * 1024;

/** Where the export is written; resolves when the piece may be followed by another. */
export interface ExportSink {
  write(piece: string): Promise<void>;
  /** True once the reader went away: stop reading the database. */
  readonly closed: boolean;
}

/**
 * A stored message as exported: the contract's `Message` (feedback included) plus what the
 * service kept about it, since the export is everything the user has.
 */
export function exportedMessage(r: MessageRecord) {
  const chat = toChatMessage(r);
  return {
    ...toPublicMessage(chat),
    ...(chat.model ? { model: chat.model } : {}),
    ...(chat.prompt_tokens !== undefined ? { prompt_tokens: chat.prompt_tokens } : {}),
    ...(chat.completion_tokens !== undefined ? { completion_tokens: chat.completion_tokens } : {}),
    ...(chat.reply_to ? { reply_to: chat.reply_to } : {}),
    ...(r.client_message_id ? { client_message_id: r.client_message_id } : {}),
  };
}

const iso = (d: Date): string => new Date(d).toISOString();

/**
 * Writes `{ user_id, exported_at, conversations: [{ ..., messages }] }` as it reads it, page by
 * page, so a history of any size is exported in bounded memory.
 */
@Injectable()
export class ExportService {
  constructor(private readonly store: UserDataStore) {}

  /** The first page, read before anything is written: a failure here is still a clean error. */
  firstConversations(userId: string): Promise<Page<ConversationRecord>> {
    return this.store.conversationsPage(userId, null, CONVERSATION_PAGE);
  }

  async write(userId: string, first: Page<ConversationRecord>, sink: ExportSink): Promise<void> {
    let buffer = '';
    const put = async (text: string) => {
      buffer += text;
      if (buffer.length >= FLUSH_BYTES) {
        const piece = buffer;
        buffer = '';
        await sink.write(piece);
      }
    };
    await put(
      `{"user_id":${JSON.stringify(userId)},"exported_at":${JSON.stringify(new Date().toISOString())},"conversations":[`,
    );
    let page = first;
    let firstConversation = true;
    for (;;) {
      for (const c of page.rows) {
        if (sink.closed) return;
        const head = JSON.stringify({
          id: c.id,
          title: c.title,
          created_at: iso(c.created_at),
          updated_at: iso(c.updated_at),
        });
        await put(`${firstConversation ? '' : ','}${head.slice(0, -1)},"messages":[`);
        firstConversation = false;
        await this.writeMessages(userId, c.id, put, sink);
        await put(']}');
      }
      if (!page.next || sink.closed) break;
      page = await this.store.conversationsPage(userId, page.next, CONVERSATION_PAGE);
    }
    await put(']}');
    if (buffer !== '') await sink.write(buffer);
  }

  private async writeMessages(
    userId: string,
    conversationId: string,
    put: (text: string) => Promise<void>,
    sink: ExportSink,
  ): Promise<void> {
    let after: PageCursor | null = null;
    let first = true;
    for (;;) {
      const page = await this.store.messagesPage(userId, conversationId, after, MESSAGE_PAGE);
      for (const r of page.rows) {
        await put(`${first ? '' : ','}${JSON.stringify(exportedMessage(r))}`);
        first = false;
      }
      if (!page.next || sink.closed) return;
      after = page.next;
    }
  }
}
