import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisGate } from '../redis/redis-gate';
import { KeyLock } from './key-lock';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type WithRelease = { chatUnlock(key: string, owner: string): Promise<number> };

/** Locks shared by every instance: `SET NX PX`, released by a compare-and-delete. */
export class RedisKeyLock extends KeyLock {
  private readonly logger = new Logger('RedisKeyLock');
  private lastWarn = 0;

  constructor(
    private readonly redis: Redis,
    private readonly gate: RedisGate = new RedisGate(),
  ) {
    super();
    redis.defineCommand('chatUnlock', { numberOfKeys: 1, lua: RELEASE });
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (!this.gate.open) return true;
    try {
      return (await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
    } catch (err) {
      this.failed(err);
      return true;
    }
  }

  async release(key: string, owner: string): Promise<void> {
    // Not gated: skipping a release would lock the user out until the lock's TTL expires.
    try {
      await (this.redis as unknown as WithRelease).chatUnlock(key, owner);
    } catch (err) {
      this.failed(err);
    }
  }

  private failed(err: unknown): void {
    this.gate.failed(err);
    const now = Date.now();
    if (now - this.lastWarn < 10_000) return;
    this.lastWarn = now;
    this.logger.warn(
      `lock store unreachable, lock granted: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
