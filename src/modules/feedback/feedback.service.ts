import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import type { MessageFeedback } from '../../infrastructure/database/records';
import { MemoryService } from '../memory/memory.service';
import { MetricsService } from '../metrics/metrics.service';
import type { FeedbackDto } from './feedback.dto';
import { FeedbackStore } from './feedback-store';

export interface FeedbackResult {
  message_id: string;
  rating: 'up' | 'down';
}

/** A user's rating of an answer: one per message, a new one replaces the old. */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly memory: MemoryService,
    private readonly metrics: MetricsService,
  ) {}

  async rate(userId: string, input: FeedbackDto): Promise<FeedbackResult> {
    const feedback: MessageFeedback = { rating: input.rating };
    if (input.reason) feedback.reason = input.reason;
    if (input.tags && input.tags.length > 0) feedback.tags = input.tags;
    const hit = await this.store.rate(userId, input.message_id, feedback);
    // A foreign, unknown or user message is a 404 alike, so ids cannot be probed.
    if (!hit) throw new AppError('not_found', 'No encontramos esa respuesta.');
    // The cached windows hold the message without its rating: read it again from the database.
    await this.memory.forgetCachedWindows(userId, hit.conversation_id);
    this.metrics.feedback.inc({ rating: input.rating });
    return { message_id: input.message_id, rating: input.rating };
  }
}
