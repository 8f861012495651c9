import { Logger, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import { compositeKey } from '../../common/keys/composite-key';
import {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
  WindowCount,
} from '../../modules/admission/admission-store';
import { answerLockKey } from '../cache/user-answer-lock';
import { quotaKey } from '../quota/redis-token-quota.store';
import type { RedisGate } from '../redis/redis-gate';

/**
 * KEYS: n window counters, today's quota hash, the answer lock.
 * ARGV: n, window ms, the n limits, quota limit (0: none), lock owner ('': none), lock ttl ms.
 * Returns {hits, ms left} per window counted, then {tokens used today, lock taken (1/0)}. The
 * windows are counted in order and the first over its limit ends the script; the quota is read
 * only within every limit, and the lock taken only within the quota.
 * (The keys are not in one hash slot: this needs a single Redis, not a Cluster.)
 */
const ADMIT = `
local n = tonumber(ARGV[1])
local out = {}
for i = 1, n do
  local hits = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  out[#out + 1] = hits
  out[#out + 1] = ttl
  if hits > tonumber(ARGV[2 + i]) then
    out[#out + 1] = 0
    out[#out + 1] = 0
    return out
  end
end
local used = 0
local quota = tonumber(ARGV[n + 3])
if quota > 0 then
  used = tonumber(redis.call('HGET', KEYS[n + 1], 'tokens') or '0')
end
local held = 0
if (quota == 0 or used < quota) and ARGV[n + 4] ~= '' then
  if redis.call('SET', KEYS[n + 2], ARGV[n + 4], 'PX', ARGV[n + 5], 'NX') then held = 1 end
end
out[#out + 1] = used
out[#out + 1] = held
return out`;

type WithAdmit = { chatAdmit(...args: (string | number)[]): Promise<number[]> };

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
    // No fixed key count: the number of windows varies, so each call passes it first.
    redis.defineCommand('chatAdmit', { lua: ADMIT });
  }

  async check(req: AdmissionCheck): Promise<AdmissionCounts> {
    if (!this.gate.open) return this.fallback.check(req);
    const n = req.windows.length;
    // Keys the script does not touch (no quota or no lock asked) still have to be passed.
    const userId = req.lock?.userId ?? req.quota?.userId ?? '';
    try {
      const reply = await (this.redis as unknown as WithAdmit).chatAdmit(
        n + 2,
        ...req.windows.map((w) => compositeKey('rl', w.bucket, w.tracker)),
        quotaKey(userId, req.quota?.day ?? '-'),
        answerLockKey(userId),
        n,
        req.windowMs,
        ...req.windows.map((w) => w.limit),
        req.quota?.limit ?? 0,
        req.lock?.owner ?? '',
        req.lock?.ttlMs ?? 0,
      );
      const values = reply.map(Number);
      const windows: WindowCount[] = [];
      for (let i = 0; i + 2 < values.length; i += 2) {
        windows.push({ hits: values[i], resetMs: values[i + 1] });
      }
      return {
        windows,
        tokensUsed: values[values.length - 2],
        lockHeld: values[values.length - 1] === 1,
      };
    } catch (err) {
      this.gate.failed(err);
      const now = Date.now();
      if (now - this.lastWarn > 10_000) {
        this.lastWarn = now;
        this.logger.warn(
          `rate-limit and lock store unreachable, counting in process: ${err instanceof Error ? err.message : 'error'}`,
        );
      }
      return this.fallback.check(req);
    }
  }

  onModuleDestroy(): void {
    (this.fallback as Partial<OnModuleDestroy>).onModuleDestroy?.();
  }
}
