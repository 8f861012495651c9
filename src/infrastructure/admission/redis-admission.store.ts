import { Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { compositeKey } from '../../common/keys/composite-key';
import {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
} from '../../modules/admission/admission-store';
import { answerLockKey } from '../cache/user-answer-lock';
import { quotaKey } from '../quota/redis-token-quota.store';
import type { RedisGate } from '../redis/redis-gate';

/**
 * KEYS: the window counter, today's quota hash, the answer lock.
 * ARGV: window ms, limit, quota limit (0: none), lock owner ('': none), lock ttl ms.
 * Returns {hits, ms left in the window, tokens used today, lock taken (1/0)}. The quota is read
 * and the lock taken only within the limit, and the lock only within the quota.
 * (The three keys are not in one hash slot: this needs a single Redis, not a Cluster.)
 */
const ADMIT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then return {hits, ttl, 0, 0} end
local used = 0
if tonumber(ARGV[3]) > 0 then
  used = tonumber(redis.call('HGET', KEYS[2], 'tokens') or '0')
  if used >= tonumber(ARGV[3]) then return {hits, ttl, used, 0} end
end
if ARGV[4] ~= '' and redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5], 'NX') then
  return {hits, ttl, used, 1}
end
return {hits, ttl, used, 0}`;

type WithAdmit = {
  chatAdmit(...args: (string | number)[]): Promise<[number, number, number, number]>;
};

/**
 * Admission in one Redis round trip (a script), shared by every instance. While Redis cannot be
 * reached (the gate is closed) it falls back to the local store: counters in this process, the
 * quota store's and the lock's own fallbacks.
 */
export class RedisAdmissionStore extends AdmissionStore implements OnModuleDestroy {
  private readonly logger = new Logger('Admission');
  private lastWarn = 0;

  constructor(
    private readonly redis: Redis,
    private readonly gate: RedisGate,
    private readonly fallback: AdmissionStore,
  ) {
    super();
    redis.defineCommand('chatAdmit', { numberOfKeys: 3, lua: ADMIT });
  }

  async check(req: AdmissionCheck): Promise<AdmissionCounts> {
    if (!this.gate.open) return this.fallback.check(req);
    try {
      const [hits, ttl, used, held] = await (this.redis as unknown as WithAdmit).chatAdmit(
        compositeKey('rl', req.bucket, req.userId),
        quotaKey(req.userId, req.quota?.day ?? '-'),
        answerLockKey(req.userId),
        req.windowMs,
        req.limit,
        req.quota?.limit ?? 0,
        req.lock?.owner ?? '',
        req.lock?.ttlMs ?? 0,
      );
      return {
        hits: Number(hits),
        resetMs: Number(ttl),
        tokensUsed: Number(used),
        lockHeld: Number(held) === 1,
      };
    } catch (err) {
      this.gate.failed(err);
      const now = Date.now();
      if (now - this.lastWarn > 10_000) {
        this.lastWarn = now;
        this.logger.warn(
          `admission store unreachable, counting in process: ${err instanceof Error ? err.message : 'error'}`,
        );
      }
      return this.fallback.check(req);
    }
  }

  onModuleDestroy(): void {
    (this.fallback as Partial<OnModuleDestroy>).onModuleDestroy?.();
  }
}
