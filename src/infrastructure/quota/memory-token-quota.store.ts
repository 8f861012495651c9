import { LRUCache } from 'lru-cache';
import { DailyUsage, TokenQuotaStore } from '../../modules/quota/token-quota.store';

/** Counters in this process: the embedded default, and the fallback while Redis is down. */
export class MemoryTokenQuotaStore extends TokenQuotaStore {
  // Two days of users at most; a counter of an earlier day is never read again.
  private readonly days = new LRUCache<string, DailyUsage>({ max: 100_000, ttl: 2 * 86_400_000 });

  read(userId: string, day: string): Promise<DailyUsage> {
    return Promise.resolve({ ...(this.days.get(key(userId, day)) ?? { tokens: 0, messages: 0 }) });
  }

  add(userId: string, day: string, tokens: number, messages: number): Promise<DailyUsage> {
    const k = key(userId, day);
    const now = this.days.get(k) ?? { tokens: 0, messages: 0 };
    const next = { tokens: now.tokens + tokens, messages: now.messages + messages };
    this.days.set(k, next);
    return Promise.resolve({ ...next });
  }
}

/** JSON keeps the pair unambiguous whatever the user id contains. */
function key(userId: string, day: string): string {
  return JSON.stringify([userId, day]);
}
