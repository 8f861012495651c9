import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { PageCursor, UserDataStore } from '../../modules/user-data/user-data-store';
import type { ConversationRecord, MessageRecord } from './records';

const STORAGE_DOWN = 'No pudimos leer tus datos en este momento. Probá de nuevo en unos segundos.';

/** TypeORM adapter (PostgreSQL and the embedded SQLite). */
@Injectable()
export class TypeOrmUserDataStore extends UserDataStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new AppError('storage_unavailable', STORAGE_DOWN, { cause: err });
    }
  }

  conversationsPage(
    userId: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<ConversationRecord[]> {
    const qb = this.ds
      .getRepository<ConversationRecord>('conversation')
      .createQueryBuilder('c')
      .where('c.user_id = :userId', { userId });
    if (after) {
      qb.andWhere('(c.created_at > :t OR (c.created_at = :t AND c.id > :id))', {
        t: after.created_at,
        id: after.id,
      });
    }
    return this.run(() =>
      qb.orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').take(limit).getMany(),
    );
  }

  messagesPage(
    userId: string,
    conversationId: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<MessageRecord[]> {
    const qb = this.ds
      .getRepository<MessageRecord>('message')
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId AND m.user_id = :userId', {
        conversationId,
        userId,
      });
    if (after) {
      qb.andWhere('(m.created_at > :t OR (m.created_at = :t AND m.id > :id))', {
        t: after.created_at,
        id: after.id,
      });
    }
    return this.run(() =>
      qb.orderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').take(limit).getMany(),
    );
  }

  async expiredConversations(
    before: Date,
    limit: number,
  ): Promise<{ id: string; user_id: string }[]> {
    const rows = await this.run(() =>
      this.ds
        .getRepository<ConversationRecord>('conversation')
        .createQueryBuilder('c')
        .select(['c.id', 'c.user_id'])
        .where('c.updated_at < :before', { before })
        .orderBy('c.updated_at', 'ASC')
        .take(limit)
        .getMany(),
    );
    return rows.map((r) => ({ id: r.id, user_id: r.user_id }));
  }

  deleteConversations(ids: string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.run(() =>
      this.ds.transaction(async (em) => {
        const res = await em
          .getRepository<MessageRecord>('message')
          .delete({ conversation_id: In(ids) });
        await em.getRepository<ConversationRecord>('conversation').delete({ id: In(ids) });
        return res.affected ?? 0;
      }),
    );
  }
}
