/**
 * A short lock by key shared by every instance (`owner` unique per holder). Fails open: when
 * the shared store cannot be reached the lock is granted, so an outage never blocks a caller.
 * Adapters of ports that need one (the answer lock, exclusive jobs) are built on it.
 */
export abstract class KeyLock {
  abstract acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases it only if `owner` still holds it. */
  abstract release(key: string, owner: string): Promise<void>;
}
