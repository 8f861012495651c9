import { Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { compositeKey } from '../keys/composite-key';
import { RedisGate } from '../../infrastructure/redis/redis-gate';
import { MetricsService } from '../../modules/metrics/metrics.service';

/** Per client IP (the per-user budgets are the admission step's: `modules/admission`). */
export type Bucket = 'general' | 'handshake';

export const RATE_LIMIT_STORAGE = 'RATE_LIMIT_STORAGE';

const WINDOW_MS = 60_000;

export interface Decision {
  allowed: boolean;
  /** Seconds until the window frees a slot (when refused). */
  retryAfterS: number;
}

/**
 * Fixed-window counters per bucket and client IP (the general API limit and Socket.IO/WebSocket
 * handshakes; the per-user budgets are the admission step's), kept in the throttler
 * storage: Redis when REDIS_URL is set, so every instance shares them. When Redis cannot be
 * reached the limiter fails open to an in-process storage: each instance still enforces the
 * limit on its own traffic, and chat keeps working.
 */
@Injectable()
export class RateLimitService {
  private readonly logger = new Logger('RateLimitService');
  private readonly fallback = new ThrottlerStorageService();
  private lastWarn = 0;

  constructor(
    @Inject(RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly gate: RedisGate,
  ) {}

  limitOf(bucket: Bucket): number {
    const r = this.config.rateLimits;
    switch (bucket) {
      case 'general':
        return r.generalPerMin;
      case 'handshake':
        return r.handshakesPerMin;
    }
  }

  async consume(bucket: Bucket, tracker: string): Promise<Decision> {
    const key = compositeKey('rl', bucket, tracker);
    const limit = this.limitOf(bucket);
    let record;
    try {
      if (!this.gate.open) throw new Error('redis paused after a failure');
      record = await this.storage.increment(key, WINDOW_MS, limit, WINDOW_MS, bucket);
    } catch (err) {
      if (this.gate.open) this.gate.failed(err);
      this.warnFallback(err);
      record = await this.fallback.increment(key, WINDOW_MS, limit, WINDOW_MS, bucket);
    }
    if (!record.isBlocked && record.totalHits <= limit) return { allowed: true, retryAfterS: 0 };
    this.metrics.rateLimited.inc({ bucket });
    const wait = record.isBlocked ? record.timeToBlockExpire : record.timeToExpire;
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil(wait)) };
  }

  private warnFallback(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarn < 10_000) return;
    this.lastWarn = now;
    this.logger.warn(
      `rate-limit storage unreachable, limiting in process: ${err instanceof Error ? err.message : 'error'}`,
    );
  }

  onModuleDestroy(): void {
    this.fallback.onApplicationShutdown();
  }
}
