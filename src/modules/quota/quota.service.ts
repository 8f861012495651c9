import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { TokenQuotaStore } from './token-quota.store';

/** The contract's `GET /api/chat/usage/{user_id}` body. */
export interface UsageReport {
  user_id: string;
  period_start: string;
  tokens_used: number;
  tokens_limit: number | null;
  messages: number;
}

/** Injectable clock, so tests can cross a UTC midnight. */
export const QUOTA_CLOCK = 'QUOTA_CLOCK';
export type Clock = () => number;

const DAY_MS = 86_400_000;

/**
 * Per-user daily token budget (`QUOTA_TOKENS_PER_DAY`, 0 = none), counted per UTC day. A message
 * is admitted while the day's tokens are under the limit (the answer that crosses it completes);
 * after that, `quota_exceeded` until the next UTC midnight. Usage is counted with or without a
 * limit, so `GET /api/chat/usage/{user_id}` always reports it.
 */
@Injectable()
export class QuotaService {
  private readonly now: Clock;

  constructor(
    private readonly store: TokenQuotaStore,
    private readonly config: AppConfig,
    @Optional() @Inject(QUOTA_CLOCK) clock?: Clock,
  ) {
    this.now = clock ?? Date.now;
  }

  get limit(): number | null {
    return this.config.quota.tokensPerDay > 0 ? this.config.quota.tokensPerDay : null;
  }

  /** Today's key and limit, for the admission step; null when no daily budget is set. */
  budget(): { day: string; limit: number } | null {
    const limit = this.limit;
    return limit === null ? null : { day: this.today(), limit };
  }

  /**
   * `quota_exceeded` (with the seconds until the next UTC midnight) when today's tokens reached
   * the limit; null while a message may still start (the answer that crosses it completes).
   */
  refusal(tokensUsed: number): AppError | null {
    const limit = this.limit;
    if (limit === null || tokensUsed < limit) return null;
    return new AppError(
      'quota_exceeded',
      'Alcanzaste el límite diario de uso del asistente. Vas a poder volver a escribir después de la medianoche (UTC).',
      { retryAfterS: this.secondsToMidnight() },
    );
  }

  /** Adds one answer and its tokens (as the LLM reported them, else as counted) to today's total. */
  async record(userId: string, tokens: number): Promise<void> {
    await this.store.add(userId, this.today(), Math.max(0, Math.round(tokens)), 1);
  }

  async usage(userId: string): Promise<UsageReport> {
    const day = this.today();
    const used = await this.store.read(userId, day);
    return {
      user_id: userId,
      period_start: `${day}T00:00:00.000Z`,
      tokens_used: used.tokens,
      tokens_limit: this.limit,
      messages: used.messages,
    };
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  private secondsToMidnight(): number {
    const now = this.now();
    return Math.max(1, Math.ceil((Math.floor(now / DAY_MS + 1) * DAY_MS - now) / 1000));
  }
}
