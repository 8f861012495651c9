import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { AnswerLock } from '../chat/answer-lock';
import { MetricsService } from '../metrics/metrics.service';
import { QuotaService } from '../quota/quota.service';
import {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
  Bucket,
  IpBucket,
  RateWindow,
  UserBucket,
} from './admission-store';
import { answerDeadlineMs } from './answer-deadline';
import { AnswerTicket } from './answer-ticket';

const WINDOW_MS = 60_000;

/** The 429 of every rate limit, per IP or per user, with the seconds to wait. */
export function rateLimitedError(retryAfterS: number): AppError {
  return new AppError(
    'rate_limited',
    'Demasiadas solicitudes: esperá un momento antes de volver a intentar.',
    { retryAfterS },
  );
}

export interface Decision {
  allowed: boolean;
  /** Seconds until the window frees a slot (when refused). */
  retryAfterS: number;
}

/**
 * The admission step, the same for every door: the rate limits (per client IP and per user, in
 * fixed one-minute windows), and for a message that asks for an answer the day's quota and the
 * answer lock, decided in one store call (one Redis round trip, shared by every instance).
 * REST goes through `AdmissionInterceptor` (and `GeneralRateLimitGuard` for routes without a
 * user budget), Socket.IO and the plain WebSocket through `RealtimeService` and their handshakes.
 * Validation is the DTOs' (the same classes on every door) and ownership is the token's `sub`
 * (`OwnUserId`, the plain WebSocket's path check, `MemoryService.getOwnConversation`).
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

  /** One request from a client IP (the HTTP API's general limit, or a socket handshake). */
  async consumeIp(bucket: IpBucket, ip: string): Promise<Decision> {
    const window = this.window(bucket, ip);
    const counts = await this.store.check({
      windows: [window],
      windowMs: WINDOW_MS,
      quota: null,
      lock: null,
    });
    const refused = this.refused([window], counts);
    return refused ? { allowed: false, retryAfterS: refused.retryAfterS } : allowed;
  }

  /**
   * Spends one request of the user's `bucket` (and, given the client IP, of the HTTP API's
   * general limit in the same step); throws `rate_limited` when one is spent.
   */
  async spend(userId: string, bucket: UserBucket, ip?: string): Promise<void> {
    await this.check({
      windows: this.windows(userId, bucket, ip),
      windowMs: WINDOW_MS,
      quota: null,
      lock: null,
    });
  }

  /**
   * For a chat message: spends one request of the chat budget (throws `rate_limited`), reads the
   * day's quota and takes the user's answer lock. The ticket carries the quota and lock decisions
   * to `ChatService`, which enforces them only if a new answer is to be generated; the door
   * releases the ticket when the exchange is over (releasing twice is harmless).
   */
  async admitMessage(userId: string, ip?: string): Promise<AnswerTicket> {
    const owner = randomUUID();
    const budget = this.quota.budget();
    const counts = await this.check({
      windows: this.windows(userId, 'chat', ip),
      windowMs: WINDOW_MS,
      quota: budget ? { userId, ...budget } : null,
      lock: { userId, owner, ttlMs: answerDeadlineMs(this.config) },
    });
    const refusal = budget ? this.quota.refusal(counts.tokensUsed) : null;
    return new AnswerTicket(userId, owner, counts.lockHeld, refusal, (user, id) =>
      this.lock.release(user, id),
    );
  }

  private windows(userId: string, bucket: UserBucket, ip?: string): RateWindow[] {
    const user = this.window(bucket, userId);
    return ip === undefined ? [user] : [this.window('general', ip), user];
  }

  private window(bucket: Bucket, tracker: string): RateWindow {
    const r = this.config.rateLimits;
    const limits: Record<Bucket, number> = {
      chat: r.chatPerMin,
      history: r.historyPerMin,
      general: r.generalPerMin,
      handshake: r.handshakesPerMin,
    };
    return { bucket, tracker, limit: limits[bucket] };
  }

  private async check(req: AdmissionCheck): Promise<AdmissionCounts> {
    const counts = await this.store.check(req);
    const refused = this.refused(req.windows, counts);
    if (refused) throw rateLimitedError(refused.retryAfterS);
    return counts;
  }

  private refused(windows: RateWindow[], counts: AdmissionCounts) {
    for (const [i, c] of counts.windows.entries()) {
      const w = windows[i];
      if (c.hits <= w.limit) continue;
      this.metrics.rateLimited.inc({ bucket: w.bucket });
      return { bucket: w.bucket, retryAfterS: Math.max(1, Math.ceil(c.resetMs / 1000)) };
    }
    return null;
  }
}

const allowed: Decision = { allowed: true, retryAfterS: 0 };
