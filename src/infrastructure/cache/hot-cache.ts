/**
 * What `readList` found: the list (a hit), or on a miss the version of its group, to hand to
 * `refillList` (null when the cache could not tell: then there is nothing to refill).
 */
export type ListRead<T> = { hit: true; items: T[] } | { hit: false; version: string | null };

/**
 * How long a list group's version is kept after it was read or changed. A refill whose read of
 * the source takes longer is dropped (its version is gone, so it cannot match): never wrong.
 */
export const LIST_VERSION_TTL_S = 600;

/**
 * Port: the hot cache (Redis, or an in-process LRU when REDIS_URL is not set). Every method
 * fails soft: a cache that is down behaves as a miss, because the database is the source of
 * truth. `ping` tells health checks the truth.
 *
 * Lists are the newest items of a source (the database) and belong to a group (a user's
 * windows) with a version key. Every change of a group's lists (an append, a drop) gives the
 * version a value it never had, in the same atomic step, whether the lists exist or not. A
 * miss returns the version, read BEFORE the caller reads the source; `refillList` writes only if
 * the version is still that one (compare-and-set in one step). So a refill built from a read of
 * the source older than some change is never written after it: it cannot bring back deleted
 * items nor lose an appended one, whatever process (instance) made the change.
 *
 * Versions are fresh unique tokens, never counters: a version key that expires or is evicted
 * comes back with a new token, never with the one a refill in flight holds (no A-B-A).
 * Alternatives weighed: a per-list "tombstone" after deletions fixes deletions only, not
 * appends to an absent list, and a lock per user would put every read behind it.
 */
export abstract class HotCache {
  abstract readonly kind: 'redis' | 'memory';

  /**
   * The whole list (a hit: one round trip); on a miss, the version of `versionKey` (created if
   * absent), read before the caller reads the source (a miss may cost a second round trip).
   */
  abstract readList<T>(key: string, versionKey: string): Promise<ListRead<T>>;

  /**
   * Writes the list read from the source after a miss, only if `versionKey` still holds
   * `version` (nothing in the group changed since the miss). True when written.
   */
  abstract refillList<T>(
    key: string,
    versionKey: string,
    version: string,
    items: T[],
    ttlS: number,
  ): Promise<boolean>;

  /**
   * Appends to each list that exists (and only those), so a list is either absent or a faithful
   * tail of the database; trims each to its `maxLen` newest items; and changes the version of
   * the group. The keys must live on one Redis node (no cluster slots across them).
   */
  abstract appendToLists<T>(
    versionKey: string,
    keys: string[],
    items: T[],
    maxLen: number,
    ttlS: number,
  ): Promise<void>;

  /** Deletes lists and changes the version of their group (read from the source again). */
  abstract dropLists(versionKey: string, keys: string[]): Promise<void>;

  abstract getJson<T>(key: string): Promise<T | null>;
  abstract setJson(key: string, value: unknown, ttlS: number): Promise<void>;
  abstract del(...keys: string[]): Promise<void>;
  abstract ping(): Promise<boolean>;
}
