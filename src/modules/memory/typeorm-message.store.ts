import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { ConversationRecord, MessageRecord } from '../../infrastructure/database/records';
import { ListQuery, MessageStore } from './message-store';

/** TypeORM adapter: the same code runs on PostgreSQL and on the embedded SQLite file. */
@Injectable()
export class TypeOrmMessageStore extends MessageStore {
  private readonly conversations: Repository<ConversationRecord>;
  private readonly messages: Repository<MessageRecord>;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
    this.conversations = ds.getRepository<ConversationRecord>('conversation');
    this.messages = ds.getRepository<MessageRecord>('message');
  }

  async createConversation(c: ConversationRecord): Promise<void> {
    await this.conversations.insert(c);
  }

  findConversation(id: string): Promise<ConversationRecord | null> {
    return this.conversations.findOneBy({ id });
  }

  async updateConversation(id: string, patch: Partial<ConversationRecord>): Promise<void> {
    await this.conversations.update({ id }, patch);
  }

  async listConversationIds(userId: string): Promise<string[]> {
    const rows = await this.conversations.find({
      where: { user_id: userId },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async insertMessage(m: MessageRecord): Promise<void> {
    await this.messages.insert(m);
  }

  async updateMessage(id: string, patch: Partial<MessageRecord>): Promise<void> {
    await this.messages.update({ id }, patch);
  }

  async listMessages(q: ListQuery): Promise<MessageRecord[]> {
    const rows = await this.messages.find({
      where: q.conversationId
        ? { user_id: q.userId, conversation_id: q.conversationId }
        : { user_id: q.userId },
      order: { created_at: 'DESC', id: 'DESC' },
      take: q.limit,
    });
    return rows.reverse();
  }

  listAll(userId: string, conversationId?: string): Promise<MessageRecord[]> {
    return this.messages.find({
      where: conversationId
        ? { user_id: userId, conversation_id: conversationId }
        : { user_id: userId },
      order: { created_at: 'ASC', id: 'ASC' },
    });
  }

  countMessages(userId: string, conversationId?: string): Promise<number> {
    return this.messages.countBy(
      conversationId ? { user_id: userId, conversation_id: conversationId } : { user_id: userId },
    );
  }

  findMessage(id: string): Promise<MessageRecord | null> {
    return this.messages.findOneBy({ id });
  }

  findByClientMessageId(userId: string, clientMessageId: string): Promise<MessageRecord | null> {
    return this.messages.findOneBy({ user_id: userId, client_message_id: clientMessageId });
  }

  findReplyTo(userMessageId: string): Promise<MessageRecord | null> {
    return this.messages.findOneBy({ reply_to: userMessageId });
  }

  deleteMessages(userId: string, conversationId?: string): Promise<number> {
    return this.ds.transaction(async (em) => {
      const where = conversationId
        ? { user_id: userId, conversation_id: conversationId }
        : { user_id: userId };
      const res = await em.getRepository<MessageRecord>('message').delete(where);
      await em
        .getRepository<ConversationRecord>('conversation')
        .delete(conversationId ? { user_id: userId, id: conversationId } : { user_id: userId });
      return res.affected ?? 0;
    });
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
