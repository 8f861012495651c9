/**
 * Port: the hot cache (Redis, or an in-process LRU when REDIS_URL is not set). Every method
 * fails soft: a cache that is down behaves as a miss, because the database is the source of
 * truth. `ping` tells health checks the truth.
 */
export abstract class HotCache {
  abstract readonly kind: 'redis' | 'memory';

  /** The whole list, or null when the key is absent (or the cache is unreachable). */
  abstract getList<T>(key: string): Promise<T[] | null>;

  /** Replaces the list (a refill after a miss). */
  abstract replaceList<T>(key: string, items: T[], ttlS: number): Promise<void>;

  /**
   * Appends to each list that exists (and only those), so a list is either absent or a faithful
   * tail of the database; trims each to its `maxLen` newest items. The keys must live on one
   * Redis node (no cluster slots across them).
   */
  abstract appendToLists<T>(
    keys: string[],
    items: T[],
    maxLen: number,
    ttlS: number,
  ): Promise<void>;

  abstract getJson<T>(key: string): Promise<T | null>;
  abstract setJson(key: string, value: unknown, ttlS: number): Promise<void>;
  abstract del(...keys: string[]): Promise<void>;
  abstract ping(): Promise<boolean>;
}
