import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { rateLimitedError } from '../../common/rate-limit/rate-limit.guards';
import { AppConfig } from '../../config/app-config';
import { AnswerLock } from '../chat/answer-lock';
import { MetricsService } from '../metrics/metrics.service';
import { QuotaService } from '../quota/quota.service';
import { AdmissionCheck, AdmissionStore, UserBucket } from './admission-store';
import { answerDeadlineMs } from './answer-deadline';
import { AnswerTicket } from './answer-ticket';

const WINDOW_MS = 60_000;

/**
 * The admission step, the same for every door (REST through `AdmissionInterceptor`, Socket.IO
 * and the plain WebSocket through `RealtimeService`): the user's rate limit for the bucket and,
 * for a message that asks for an answer, the day's quota and the answer lock, decided in one
 * store call (one Redis round trip). Validation is the DTOs' (the same classes on every door)
 * and ownership is the token's `sub` (`OwnUserId`, the plain WebSocket's path check,
 * `MemoryService.getOwnConversation`).
 */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly store: AdmissionStore,
    private readonly quota: QuotaService,
    private readonly lock: AnswerLock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Spends one request of the user's `bucket`; throws `rate_limited` when it is spent. */
  async spend(userId: string, bucket: UserBucket): Promise<void> {
    await this.check({ ...this.limitOf(userId, bucket), quota: null, lock: null });
  }

  /**
   * For a chat message: spends one request of the chat budget (throws `rate_limited`), reads the
   * day's quota and takes the user's answer lock. The ticket carries the quota and lock decisions
   * to `ChatService`, which enforces them only if a new answer is to be generated; the door
   * releases the ticket when the exchange is over (releasing twice is harmless).
   */
  async admitMessage(userId: string): Promise<AnswerTicket> {
    const owner = randomUUID();
    const budget = this.quota.budget();
    const counts = await this.check({
      ...this.limitOf(userId, 'chat'),
      quota: budget,
      lock: { owner, ttlMs: answerDeadlineMs(this.config) },
    });
    const refusal = budget ? this.quota.refusal(counts.tokensUsed) : null;
    return new AnswerTicket(userId, owner, counts.lockHeld, refusal, (user, id) =>
      this.lock.release(user, id),
    );
  }

  private limitOf(userId: string, bucket: UserBucket) {
    const r = this.config.rateLimits;
    const limit = bucket === 'chat' ? r.chatPerMin : r.historyPerMin;
    return { userId, bucket, limit, windowMs: WINDOW_MS };
  }

  private async check(req: AdmissionCheck) {
    const counts = await this.store.check(req);
    if (counts.hits <= req.limit) return counts;
    this.metrics.rateLimited.inc({ bucket: req.bucket });
    throw rateLimitedError(Math.max(1, Math.ceil(counts.resetMs / 1000)));
  }
}
