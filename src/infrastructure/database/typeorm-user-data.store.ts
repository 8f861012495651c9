import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Page, PageCursor, UserDataStore } from '../../modules/user-data/user-data-store';
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
  ): Promise<Page<ConversationRecord>> {
    const qb = this.ds
      .getRepository<ConversationRecord>('conversation')
      .createQueryBuilder('c')
      .where('c.user_id = :userId', { userId });
    return this.run(() => this.page(qb, 'c', after, limit));
  }

  messagesPage(
    userId: string,
    conversationId: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<Page<MessageRecord>> {
    const qb = this.ds
      .getRepository<MessageRecord>('message')
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId AND m.user_id = :userId', {
        conversationId,
        userId,
      });
    return this.run(() => this.page(qb, 'm', after, limit));
  }

  /** One keyset page in (created_at, id) order, with the cursor read as the database's text. */
  private async page<T extends ObjectLiteral & { id: string }>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    after: PageCursor | null,
    limit: number,
  ): Promise<Page<T>> {
    const at = `${alias}.created_at`;
    if (after) {
      qb.andWhere(`(${at} > :t OR (${at} = :t AND ${alias}.id > :id))`, {
        t: after.created_at,
        id: after.id,
      });
    }
    const { entities, raw } = await qb
      .addSelect(`CAST(${at} AS TEXT)`, 'cursor_at')
      .orderBy(at, 'ASC')
      .addOrderBy(`${alias}.id`, 'ASC')
      .limit(limit)
      .getRawAndEntities<{ cursor_at: string }>();
    const last = entities.length === limit ? entities.length - 1 : -1;
    return {
      rows: entities,
      next: last >= 0 ? { created_at: raw[last].cursor_at, id: entities[last].id } : null,
    };
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
