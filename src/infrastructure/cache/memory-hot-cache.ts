import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { HotCache, LIST_VERSION_TTL_S, ListRead } from './hot-cache';

type Entry = { list: unknown[] } | { json: string } | { version: string };

/**
 * In-process cache for single-instance, zero-configuration runs. Each method runs without an
 * `await` inside, so it is one atomic step as the Redis scripts are.
 */
@Injectable()
export class MemoryHotCache extends HotCache {
  readonly kind = 'memory' as const;
  private readonly lru = new LRUCache<string, Entry>({ max: 10000, ttlAutopurge: false });
  /** Versions are unique in this process (the only one sharing this cache). */
  private lastVersion = 0;

  private newVersion(versionKey: string): string {
    const version = String(++this.lastVersion);
    this.lru.set(versionKey, { version }, { ttl: LIST_VERSION_TTL_S * 1000 });
    return version;
  }

  readList<T>(key: string, versionKey: string): Promise<ListRead<T>> {
    const e = this.lru.get(key);
    if (e && 'list' in e) return Promise.resolve({ hit: true, items: [...e.list] as T[] });
    const v = this.lru.get(versionKey);
    const version = v && 'version' in v ? v.version : this.newVersion(versionKey);
    return Promise.resolve({ hit: false, version });
  }

  refillList<T>(
    key: string,
    versionKey: string,
    version: string,
    items: T[],
    ttlS: number,
  ): Promise<boolean> {
    const v = this.lru.get(versionKey);
    if (!v || !('version' in v) || v.version !== version) return Promise.resolve(false);
    this.lru.set(key, { list: [...items] }, { ttl: ttlS * 1000 });
    return Promise.resolve(true);
  }

  appendToLists<T>(
    versionKey: string,
    keys: string[],
    items: T[],
    maxLen: number,
    ttlS: number,
  ): Promise<void> {
    this.newVersion(versionKey);
    for (const key of keys) {
      const e = this.lru.get(key);
      if (e && 'list' in e) {
        const list = [...e.list, ...items];
        this.lru.set(
          key,
          { list: list.slice(Math.max(0, list.length - maxLen)) },
          { ttl: ttlS * 1000 },
        );
      }
    }
    return Promise.resolve();
  }

  dropLists(versionKey: string, keys: string[]): Promise<void> {
    this.newVersion(versionKey);
    for (const k of keys) this.lru.delete(k);
    return Promise.resolve();
  }

  getJson<T>(key: string): Promise<T | null> {
    const e = this.lru.get(key);
    return Promise.resolve(e && 'json' in e ? (JSON.parse(e.json) as T) : null);
  }

  setJson(key: string, value: unknown, ttlS: number): Promise<void> {
    this.lru.set(key, { json: JSON.stringify(value) }, { ttl: ttlS * 1000 });
    return Promise.resolve();
  }

  del(...keys: string[]): Promise<void> {
    for (const k of keys) this.lru.delete(k);
    return Promise.resolve();
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
