import { KeyLock } from './key-lock';

/** Locks of a single instance (no REDIS_URL). */
export class MemoryKeyLock extends KeyLock {
  private readonly locks = new Map<string, { owner: string; until: number }>();

  acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.locks.get(key);
    if (held && held.until > now && held.owner !== owner) return Promise.resolve(false);
    this.locks.set(key, { owner, until: now + ttlMs });
    return Promise.resolve(true);
  }

  release(key: string, owner: string): Promise<void> {
    if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
    return Promise.resolve();
  }
}
