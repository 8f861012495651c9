import { randomUUID } from 'node:crypto';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { ExclusiveRunner } from './user-data-store';

/** One instance at a time through the cache's lock (Redis, shared by every instance). */
export class CacheLockRunner extends ExclusiveRunner {
  constructor(
    private readonly cache: HotCache,
    private readonly ttlMs: number,
  ) {
    super();
  }

  async runExclusive<T>(name: string, job: () => Promise<T>): Promise<T | null> {
    const owner = randomUUID();
    const key = `lock:${name}`;
    if (!(await this.cache.tryLock(key, owner, this.ttlMs))) return null;
    try {
      return await job();
    } finally {
      await this.cache.unlock(key, owner);
    }
  }
}
