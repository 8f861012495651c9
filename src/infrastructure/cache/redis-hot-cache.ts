import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisGate } from '../redis/redis-gate';
import { REDIS_CLIENT } from '../redis/redis.module';
import { HotCache } from './hot-cache';

/**
 * Lists start with a marker element so an empty history can be cached too (Redis drops empty
 * lists). Appending happens only to the lists that exist, then trims each to the newest items
 * while keeping the marker, and refreshes the TTL: every list in one round trip.
 */
const MARKER = '#';
const APPEND_IF_PRESENT = `
local max = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local appended = 0
for k = 1, #KEYS do
  local key = KEYS[k]
  if redis.call('EXISTS', key) == 1 then
    for i = 3, #ARGV do redis.call('RPUSH', key, ARGV[i]) end
    if redis.call('LLEN', key) > max + 1 then
      redis.call('LTRIM', key, -max, -1)
      redis.call('LPUSH', key, '${MARKER}')
    end
    redis.call('EXPIRE', key, ttl)
    appended = appended + 1
  end
end
return appended`;

/** Thrown (and caught) instead of sending a command while the gate is closed. */
const GATE_CLOSED = new Error('redis paused after a failure');

@Injectable()
export class RedisHotCache extends HotCache {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisHotCache');
  private lastWarn = 0;
  /**
   * Lists an append may have missed (Redis failed or the gate was closed while they existed):
   * they are deleted before this cache reads or writes again, so a list is never served
   * without a stored message — it is refilled from the database instead.
   */
  private readonly stale = new Set<string>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly gate: RedisGate = new RedisGate(),
  ) {
    super();
    // The key count is passed on each call: one script appends to every list of a message.
    redis.defineCommand('chatAppendIfPresent', { lua: APPEND_IF_PRESENT });
  }

  private soft<T>(fallback: T, op: string, err: unknown): T {
    if (err !== GATE_CLOSED) this.gate.failed(err);
    const now = Date.now();
    if (now - this.lastWarn > 10000) {
      this.lastWarn = now;
      this.logger.warn(
        `cache ${op} failed, treated as a miss: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return fallback;
  }

  /** Queues the DEL of the stale lists ahead of the next command on the same connection. */
  private dropStale(): void {
    if (this.stale.size === 0) return;
    const keys = [...this.stale];
    this.stale.clear();
    this.redis.del(...keys).catch((err: unknown) => {
      for (const k of keys) this.markStale(k);
      this.soft(undefined, 'del', err);
    });
  }

  private markStale(key: string): void {
    // Bounded: past this many, the oldest entries expire with their TTL instead.
    if (this.stale.size < 10_000) this.stale.add(key);
  }

  async getList<T>(key: string): Promise<T[] | null> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      this.dropStale();
      const items = await this.redis.lrange(key, 0, -1);
      if (items.length === 0 || items[0] !== MARKER) return null;
      return items.slice(1).map((s) => JSON.parse(s) as T);
    } catch (err) {
      return this.soft(null, 'getList', err);
    }
  }

  async replaceList<T>(key: string, items: T[], ttlS: number): Promise<void> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      this.dropStale();
      this.stale.delete(key);
      await this.redis
        .multi()
        .del(key)
        .rpush(key, MARKER, ...items.map((i) => JSON.stringify(i)))
        .expire(key, ttlS)
        .exec();
    } catch (err) {
      this.soft(undefined, 'replaceList', err);
    }
  }

  async appendToLists<T>(keys: string[], items: T[], maxLen: number, ttlS: number): Promise<void> {
    if (keys.length === 0) return;
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      this.dropStale();
      const values = items.map((i) => JSON.stringify(i));
      await (
        this.redis as unknown as {
          chatAppendIfPresent(n: number, ...args: (string | number)[]): Promise<number>;
        }
      ).chatAppendIfPresent(keys.length, ...keys, maxLen, ttlS, ...values);
    } catch (err) {
      for (const k of keys) this.markStale(k);
      this.soft(undefined, 'appendToLists', err);
    }
  }

  async getJson<T>(key: string): Promise<T | null> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      const raw = await this.redis.get(key);
      return raw === null ? null : (JSON.parse(raw) as T);
    } catch (err) {
      return this.soft(null, 'getJson', err);
    }
  }

  async setJson(key: string, value: unknown, ttlS: number): Promise<void> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.redis.set(key, JSON.stringify(value), 'EX', ttlS);
    } catch (err) {
      this.soft(undefined, 'setJson', err);
    }
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.redis.del(...keys);
    } catch (err) {
      this.soft(undefined, 'del', err);
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}
