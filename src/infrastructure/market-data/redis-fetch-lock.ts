import type Redis from 'ioredis';
import { FetchLock } from '../../modules/market/fetch-lock';
import { RedisGate } from '../redis/redis-gate';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type WithRelease = { marketRelease(key: string, owner: string): Promise<number> };

/** `SET NX PX` on the shared Redis, released by a compare-and-delete. */
export class RedisFetchLock extends FetchLock {
  constructor(
    private readonly redis: Redis,
    private readonly gate: RedisGate = new RedisGate(),
  ) {
    super();
    redis.defineCommand('marketRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    if (!this.gate.open) return true;
    try {
      return (await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
    } catch (err) {
      this.gate.failed(err);
      return true;
    }
  }

  async release(key: string, owner: string): Promise<void> {
    try {
      await (this.redis as unknown as WithRelease).marketRelease(key, owner);
    } catch (err) {
      this.gate.failed(err);
    }
  }
}
