import { OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { compositeKey } from '../../common/keys/composite-key';
import type { AnswerLock } from '../../modules/chat/answer-lock';
import {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
  WindowCount,
} from '../../modules/admission/admission-store';
import type { TokenQuotaStore } from '../../modules/quota/token-quota.store';

/**
 * Admission from the pieces one by one: window counters in this process, the quota store and the
 * answer lock. The store without Redis, and the Redis store's fallback while Redis is down (then
 * the quota and lock adapters fall back on their own).
 */
export class LocalAdmissionStore extends AdmissionStore implements OnModuleDestroy {
  private readonly counters = new ThrottlerStorageService();

  constructor(
    private readonly quota: TokenQuotaStore,
    private readonly lock: AnswerLock,
  ) {
    super();
  }

  async check(req: AdmissionCheck): Promise<AdmissionCounts> {
    const windows: WindowCount[] = [];
    for (const w of req.windows) {
      const key = compositeKey('rl', w.bucket, w.tracker);
      const r = await this.counters.increment(key, req.windowMs, w.limit, req.windowMs, w.bucket);
      const over = r.isBlocked || r.totalHits > w.limit;
      windows.push({
        hits: over ? Math.max(r.totalHits, w.limit + 1) : r.totalHits,
        resetMs: (r.isBlocked ? r.timeToBlockExpire : r.timeToExpire) * 1000,
      });
      if (over) return { windows, tokensUsed: 0, lockHeld: false };
    }
    const q = req.quota;
    const tokensUsed = q ? (await this.quota.read(q.userId, q.day)).tokens : 0;
    if (q && tokensUsed >= q.limit) return { windows, tokensUsed, lockHeld: false };
    const l = req.lock;
    const lockHeld = l ? await this.lock.acquire(l.userId, l.owner, l.ttlMs) : false;
    return { windows, tokensUsed, lockHeld };
  }

  onModuleDestroy(): void {
    this.counters.onApplicationShutdown();
  }
}
