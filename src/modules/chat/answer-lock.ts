/**
 * Port: one answer in flight per user across every instance. Fails open: when the shared store
 * cannot be reached the lock is granted, so an outage never blocks chat.
 */
export abstract class AnswerLock {
  /** Takes the user's lock for `owner` (unique per answer) for at most `ttlMs`. */
  abstract acquire(userId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases it only if `owner` still holds it. */
  abstract release(userId: string, owner: string): Promise<void>;
}
