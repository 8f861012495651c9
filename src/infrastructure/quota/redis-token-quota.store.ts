import type Redis from 'ioredis';
import { DailyUsage, TokenQuotaStore } from '../../modules/quota/token-quota.store';

/** Two days: a counter outlives its UTC day whatever the time zone of the reader. */
const TTL_S = 2 * 86_400;

const ADD = `
local t = redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[1])
local m = redis.call('HINCRBY', KEYS[1], 'messages', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {t, m}`;

/**
 * One hash per user and day, `{tokens, messages}`, updated atomically by one script. The user id
 * is URI-encoded in the key, so no id can reach another user's counter.
 */
export class RedisTokenQuotaStore extends TokenQuotaStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async read(userId: string, day: string): Promise<DailyUsage> {
    const [tokens, messages] = await this.redis.hmget(quotaKey(userId, day), 'tokens', 'messages');
    return { tokens: Number(tokens ?? 0), messages: Number(messages ?? 0) };
  }

  async add(userId: string, day: string, tokens: number, messages: number): Promise<DailyUsage> {
    const [t, m] = (await this.redis.eval(
      ADD,
      1,
      quotaKey(userId, day),
      Math.round(tokens),
      Math.round(messages),
      TTL_S,
    )) as [number, number];
    return { tokens: Number(t), messages: Number(m) };
  }
}

/** The user's counters for one UTC day (also read by the Redis admission script). */
export function quotaKey(userId: string, day: string): string {
  return `quota:${encodeURIComponent(userId)}:${day}`;
}
