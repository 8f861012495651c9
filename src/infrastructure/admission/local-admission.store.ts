import { OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { compositeKey } from '../../common/keys/composite-key';
import type { AnswerLock } from '../../modules/chat/answer-lock';
import {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
} from '../../modules/admission/admission-store';
import type { TokenQuotaStore } from '../../modules/quota/token-quota.store';

/**
 * Admission from the pieces one by one: window counters in this process, the quota store and the
 * answer lock. The store without Redis, and the Redis store's fallback while Redis is down (then
 * the quota and lock adapters fall back on their own).
 */
export class LocalAdmissionStore extends AdmissionStore implements OnModuleDestroy {
  private readonly windows = new ThrottlerStorageService();

  constructor(
    private readonly quota: TokenQuotaStore,
    private readonly lock: AnswerLock,
  ) {
    super();
  }

  async check(req: AdmissionCheck): Promise<AdmissionCounts> {
    const key = compositeKey('rl', req.bucket, req.userId);
    const w = await this.windows.increment(key, req.windowMs, req.limit, req.windowMs, req.bucket);
    const over = w.isBlocked || w.totalHits > req.limit;
    const resetMs = (w.isBlocked ? w.timeToBlockExpire : w.timeToExpire) * 1000;
    const counts = { hits: over ? Math.max(w.totalHits, req.limit + 1) : w.totalHits, resetMs };
    if (over) return { ...counts, tokensUsed: 0, lockHeld: false };
    const tokensUsed = req.quota ? (await this.quota.read(req.userId, req.quota.day)).tokens : 0;
    if (req.quota && tokensUsed >= req.quota.limit) return { ...counts, tokensUsed, lockHeld: false };
    const lockHeld = req.lock
      ? await this.lock.acquire(req.userId, req.lock.owner, req.lock.ttlMs)
      : false;
    return { ...counts, tokensUsed, lockHeld };
  }

  onModuleDestroy(): void {
    this.windows.onApplicationShutdown();
  }
}
