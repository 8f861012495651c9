import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { compositeKey } from '../../common/keys/composite-key';
import { AppConfig } from '../../config/app-config';
import { RedisGate } from '../../infrastructure/redis/redis-gate';
import { REDIS_CLIENT } from '../../infrastructure/redis/redis.module';

/** A slot held by one connection; `release` is idempotent. */
export interface SocketSlot {
  readonly userId: string;
  release(): void;
}

/** One connection's slot: a class, not a closure, since every idle socket keeps one. */
class Slot implements SocketSlot {
  private released = false;

  constructor(
    private readonly slots: SocketSlots,
    readonly userId: string,
    /** Its member in the user's Redis sorted set: this instance's prefix and a sequence. */
    readonly entry: string,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.slots.free(this);
  }
}

/** A Redis entry outlives a crashed instance by at most this long. */
const ENTRY_TTL_MS = 60_000;
const REFRESH_EVERY_MS = 20_000;

/**
 * Drops expired entries, then adds this connection's unless the user already holds `max`
 * (`max` 0 adds it regardless: a recovered session keeps its place). 1 when added.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local max = tonumber(ARGV[2])
if max > 0 and redis.call('ZCARD', KEYS[1]) >= max then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`;

type SlotRedis = Redis & {
  socketSlotReserve(
    key: string,
    now: number,
    max: number,
    ttl: number,
    id: string,
  ): Promise<number>;
};

/**
 * The per-user connection cap (MAX_SOCKETS_PER_USER), over both socket doors. A slot is taken
 * synchronously on this instance before the handshake awaits anything, so concurrent
 * handshakes cannot all pass the check; with Redis it is then confirmed across instances in a
 * sorted set of connection entries that expire unless refreshed, so a crashed instance's
 * connections free their slots within a minute. Without Redis, or while it is unreachable, the
 * cap holds per instance.
 */
@Injectable()
export class SocketSlots implements OnModuleDestroy {
  private readonly logger = new Logger('SocketSlots');
  private readonly local = new Map<string, number>();
  /** Slots of this instance's live connections with a Redis entry, refreshed so it does not expire. */
  private readonly confirmed = new Set<Slot>();
  /** Makes entries unique across instances; the sequence, within this one. */
  private readonly instance = `${randomBytes(6).toString('base64url')}.`;
  private seq = 0;
  private readonly timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly gate: RedisGate,
  ) {
    if (redis) {
      redis.defineCommand('socketSlotReserve', { numberOfKeys: 1, lua: RESERVE });
      this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private get max(): number {
    return this.config.rateLimits.maxSocketsPerUser;
  }

  private key(userId: string): string {
    return compositeKey('sockets', userId);
  }

  /**
   * Takes a slot on this instance, synchronously; null when the user is at the cap here.
   * `force` (a recovered session) takes one regardless.
   */
  reserve(userId: string, force = false): SocketSlot | null {
    const held = this.local.get(userId) ?? 0;
    if (!force && held >= this.max) return null;
    this.local.set(userId, held + 1);
    return new Slot(this, userId, `${this.instance}${(this.seq++).toString(36)}`);
  }

  /** Gives a slot back (called once per slot, by `Slot.release`). */
  free(slot: Slot): void {
    const n = (this.local.get(slot.userId) ?? 1) - 1;
    if (n <= 0) this.local.delete(slot.userId);
    else this.local.set(slot.userId, n);
    if (this.confirmed.delete(slot)) void this.forget(slot.userId, slot.entry);
  }

  /**
   * Confirms a slot across instances. False (and the slot released) when the user is at the
   * cap on all instances together. Fails open to the local check when Redis is unreachable.
   */
  async confirm(slot: SocketSlot, force = false): Promise<boolean> {
    if (!this.redis) return true;
    const { entry } = slot as Slot;
    try {
      if (!this.gate.open) return true;
      const added = await (this.redis as SlotRedis).socketSlotReserve(
        this.key(slot.userId),
        Date.now(),
        force ? 0 : this.max,
        ENTRY_TTL_MS,
        entry,
      );
      if (added !== 1) {
        slot.release();
        return false;
      }
      this.confirmed.add(slot as Slot);
      return true;
    } catch (err) {
      this.gate.failed(err);
      return true;
    }
  }

  private async forget(userId: string, entry: string): Promise<void> {
    try {
      await this.redis?.zrem(this.key(userId), entry);
    } catch {
      // The entry expires on its own.
    }
  }

  private async refresh(): Promise<void> {
    if (!this.redis || this.confirmed.size === 0 || !this.gate.open) return;
    const until = Date.now() + ENTRY_TTL_MS;
    const batch = this.redis.pipeline();
    for (const { userId, entry } of this.confirmed) {
      batch.zadd(this.key(userId), 'XX', until, entry);
      batch.pexpire(this.key(userId), ENTRY_TTL_MS);
    }
    try {
      await batch.exec();
    } catch (err) {
      this.logger.warn(
        `refreshing socket slots failed: ${err instanceof Error ? err.message : 'error'}`,
      );
    }
  }
}
