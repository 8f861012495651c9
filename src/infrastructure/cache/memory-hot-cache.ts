import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { HotCache } from './hot-cache';

type Entry = { list: unknown[] } | { json: string };

/** In-process cache for single-instance, zero-configuration runs. */
@Injectable()
export class MemoryHotCache extends HotCache {
  readonly kind = 'memory' as const;
  private readonly lru = new LRUCache<string, Entry>({ max: 10000, ttlAutopurge: false });

  getList<T>(key: string): Promise<T[] | null> {
    const e = this.lru.get(key);
    return Promise.resolve(e && 'list' in e ? ([...e.list] as T[]) : null);
  }

  replaceList<T>(key: string, items: T[], ttlS: number): Promise<void> {
    this.lru.set(key, { list: [...items] }, { ttl: ttlS * 1000 });
    return Promise.resolve();
  }

  appendToLists<T>(keys: string[], items: T[], maxLen: number, ttlS: number): Promise<void> {
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
