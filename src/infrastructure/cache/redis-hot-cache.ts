import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { RedisGate } from '../redis/redis-gate';
import { REDIS_CLIENT } from '../redis/redis.module';
import { HotCache, LIST_VERSION_TTL_S, ListRead } from './hot-cache';

/**
 * Lists start with a marker element so an empty history can be cached too (Redis drops empty
 * lists). Each change of a group (a refill, an append, a drop) is one script or one MULTI: one
 * atomic step, one round trip, on any instance.
 *
 * A read is a plain LRANGE (a hit costs what it always did). On a miss, VERSION returns the
 * group's version, set to the candidate ARGV[1] if absent: a second round trip, before the
 * database is read. Reading it after the LRANGE rather than with it is as safe: a change before
 * the version is read was stored before the database is read, so the refill has it.
 */
const MARKER = '#';
const VERSION = `
local version = redis.call('GET', KEYS[1])
if version then return version end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return ARGV[1]`;

/** REFILL: replaces the list only if the group's version is still the one read with the miss. */
const REFILL_IF_VERSION = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local key = KEYS[1]
redis.call('DEL', key)
redis.call('RPUSH', key, '${MARKER}')
for i = 3, #ARGV, 1000 do
  redis.call('RPUSH', key, unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
redis.call('EXPIRE', key, tonumber(ARGV[2]))
return 1`;

/**
 * APPEND: a new version for the group (KEYS[1]); then appends to the lists that exist, trims each
 * to the newest items while keeping the marker, and refreshes the TTL.
 */
const APPEND_IF_PRESENT = `
local max = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[3], 'EX', tonumber(ARGV[4]))
local appended = 0
for k = 2, #KEYS do
  local key = KEYS[k]
  if redis.call('EXISTS', key) == 1 then
    for i = 5, #ARGV do redis.call('RPUSH', key, ARGV[i]) end
    if redis.call('LLEN', key) > max + 1 then
      redis.call('LTRIM', key, -max, -1)
      redis.call('LPUSH', key, '${MARKER}')
    end
    redis.call('EXPIRE', key, ttl)
    appended = appended + 1
  end
end
return appended`;

interface ListScripts {
  chatListVersion(versionKey: string, candidate: string, versionTtlS: number): Promise<string>;
  chatRefillIfVersion(
    key: string,
    versionKey: string,
    version: string,
    ttl: number,
    ...items: string[]
  ): Promise<number>;
  chatAppendIfPresent(n: number, ...args: (string | number)[]): Promise<number>;
}

/** Thrown (and caught) instead of sending a command while the gate is closed. */
const GATE_CLOSED = new Error('redis paused after a failure');

@Injectable()
export class RedisHotCache extends HotCache {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('RedisHotCache');
  private lastWarn = 0;
  /**
   * Groups (version key → lists) a change may have missed: Redis failed or the gate was closed
   * while appending or dropping. They are dropped, with a new version for their group, before
   * this cache reads or writes a list again, so a list is never served without a stored message
   * or with a deleted one, and a refill that read the source before the change is refused: it
   * is read from the database again instead.
   */
  private readonly stale = new Map<string, Set<string>>();
  /** Version keys and lists in `stale`, to bound it. */
  private staleLists = 0;
  /** Versions: this process's random id and a counter, unique across instances. */
  private readonly instance = randomBytes(6).toString('base64url');
  private lastVersion = 0;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly gate: RedisGate = new RedisGate(),
  ) {
    super();
    redis.defineCommand('chatListVersion', { numberOfKeys: 1, lua: VERSION });
    redis.defineCommand('chatRefillIfVersion', { numberOfKeys: 2, lua: REFILL_IF_VERSION });
    // The key count is passed on each call: one script appends to every list of a message.
    redis.defineCommand('chatAppendIfPresent', { lua: APPEND_IF_PRESENT });
  }

  private get scripts(): ListScripts {
    return this.redis as unknown as ListScripts;
  }

  private newVersion(): string {
    return `${this.instance}:${++this.lastVersion}`;
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

  /** DROP: a new version for each group, and the lists deleted, in one MULTI. */
  private async drop(versionKeys: string[], keys: string[]): Promise<void> {
    const version = this.newVersion();
    const tx = this.redis.multi();
    for (const v of versionKeys) tx.set(v, version, 'EX', LIST_VERSION_TTL_S);
    if (keys.length > 0) tx.del(...keys);
    for (const [err] of (await tx.exec()) ?? []) if (err) throw err;
  }

  /**
   * Drops the stale groups before any other list command, and waits for it: a read or a refill
   * sent first could serve or write what the missed change should have removed. If it fails,
   * they stay stale and the command fails soft (a miss, no refill). Nothing to wait for in the
   * usual case (nothing stale): no round trip is added.
   */
  private async dropStale(): Promise<void> {
    if (this.stale.size === 0) return;
    const groups = [...this.stale];
    this.stale.clear();
    this.staleLists = 0;
    try {
      await this.drop(
        groups.map(([v]) => v),
        groups.flatMap(([, lists]) => [...lists]),
      );
    } catch (err) {
      for (const [v, lists] of groups) this.markStale(v, [...lists]);
      throw err;
    }
  }

  /** A change of the group that Redis missed: its version must change even with no list. */
  private markStale(versionKey: string, keys: string[]): void {
    // Bounded: past this many, the oldest lists expire with their TTL instead.
    if (this.staleLists + 1 + keys.length > 10_000) return;
    const lists = this.stale.get(versionKey) ?? new Set<string>();
    for (const k of keys) lists.add(k);
    this.stale.set(versionKey, lists);
    this.staleLists += 1 + keys.length;
  }

  async readList<T>(key: string, versionKey: string): Promise<ListRead<T>> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.dropStale();
      const items = await this.redis.lrange(key, 0, -1);
      if (items[0] === MARKER) {
        return { hit: true, items: items.slice(1).map((s) => JSON.parse(s) as T) };
      }
      const version = await this.scripts.chatListVersion(
        versionKey,
        this.newVersion(),
        LIST_VERSION_TTL_S,
      );
      return { hit: false, version };
    } catch (err) {
      return this.soft({ hit: false, version: null }, 'readList', err);
    }
  }

  async refillList<T>(
    key: string,
    versionKey: string,
    version: string,
    items: T[],
    ttlS: number,
  ): Promise<boolean> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.dropStale();
      const values = items.map((i) => JSON.stringify(i));
      return (
        (await this.scripts.chatRefillIfVersion(key, versionKey, version, ttlS, ...values)) === 1
      );
    } catch (err) {
      return this.soft(false, 'refillList', err);
    }
  }

  async appendToLists<T>(
    versionKey: string,
    keys: string[],
    items: T[],
    maxLen: number,
    ttlS: number,
  ): Promise<void> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.dropStale();
      const values = items.map((i) => JSON.stringify(i));
      await this.scripts.chatAppendIfPresent(
        1 + keys.length,
        versionKey,
        ...keys,
        maxLen,
        ttlS,
        this.newVersion(),
        LIST_VERSION_TTL_S,
        ...values,
      );
    } catch (err) {
      this.markStale(versionKey, keys);
      this.soft(undefined, 'appendToLists', err);
    }
  }

  async dropLists(versionKey: string, keys: string[]): Promise<void> {
    try {
      if (!this.gate.open) throw GATE_CLOSED;
      await this.dropStale();
      await this.drop([versionKey], keys);
    } catch (err) {
      this.markStale(versionKey, keys);
      this.soft(undefined, 'dropLists', err);
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
