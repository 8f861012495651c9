import { randomUUID } from 'node:crypto';
import type { KeyLock } from '../../infrastructure/cache/key-lock';
import { ExclusiveRunner } from './user-data-store';

/** One instance at a time through the shared locks (Redis, shared by every instance). */
export class CacheLockRunner extends ExclusiveRunner {
  constructor(
    private readonly locks: KeyLock,
    private readonly ttlMs: number,
  ) {
    super();
  }

  async runExclusive<T>(name: string, job: () => Promise<T>): Promise<T | null> {
    const owner = randomUUID();
    const key = `lock:${name}`;
    if (!(await this.locks.acquire(key, owner, this.ttlMs))) return null;
    try {
      return await job();
    } finally {
      await this.locks.release(key, owner);
    }
  }
}
