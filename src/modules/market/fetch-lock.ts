/**
 * Port: a short lock per figure shared by every instance, so one of them asks the source while
 * the others wait for what it stores. Fails open: when the shared store cannot be reached the
 * lock is granted (each instance then asks for itself, as without Redis).
 */
export abstract class FetchLock {
  abstract acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases it only if `owner` still holds it. */
  abstract release(key: string, owner: string): Promise<void>;
}
