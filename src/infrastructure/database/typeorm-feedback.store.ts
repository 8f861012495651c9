import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { FeedbackStore } from '../../modules/feedback/feedback-store';
import type { MessageFeedback, MessageRecord } from './records';

const STORAGE_DOWN =
  'No pudimos guardar tu opinión en este momento. Probá de nuevo en unos segundos.';

/** TypeORM adapter (PostgreSQL and the embedded SQLite). */
@Injectable()
export class TypeOrmFeedbackStore extends FeedbackStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {
    super();
  }

  async rate(
    userId: string,
    messageId: string,
    feedback: MessageFeedback,
  ): Promise<{ conversation_id: string } | null> {
    const messages = this.ds.getRepository<MessageRecord>('message');
    const where = { id: messageId, user_id: userId, role: 'assistant' as const };
    try {
      const found = await messages.findOne({ where, select: { conversation_id: true } });
      if (!found) return null;
      const res = await messages.update(where, { feedback });
      // Deleted between the two statements: as if it never existed.
      if (res.affected === 0) return null;
      return { conversation_id: found.conversation_id };
    } catch (err) {
      throw new AppError('storage_unavailable', STORAGE_DOWN, { cause: err });
    }
  }
}
