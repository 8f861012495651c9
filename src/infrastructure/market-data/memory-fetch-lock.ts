import { FetchLock } from '../../modules/market/fetch-lock';

/** One process, one lock table (concurrent askers in a process already share one promise). */
export class MemoryFetchLock extends FetchLock {
  private readonly held = new Map<string, { owner: string; until: number }>();

  acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const h = this.held.get(key);
    if (h && h.until > now && h.owner !== owner) return Promise.resolve(false);
    this.held.set(key, { owner, until: now + ttlMs });
    return Promise.resolve(true);
  }

  release(key: string, owner: string): Promise<void> {
    if (this.held.get(key)?.owner === owner) this.held.delete(key);
    return Promise.resolve();
  }
}
