/** One user's consumption in one UTC day. */
export interface DailyUsage {
  tokens: number;
  messages: number;
}

/**
 * Port: per-user, per-UTC-day token and message counters, shared by every instance when Redis
 * is configured. `day` is `YYYY-MM-DD` (UTC).
 */
export abstract class TokenQuotaStore {
  abstract read(userId: string, day: string): Promise<DailyUsage>;
  /** Adds to the day's counters and returns the new totals. */
  abstract add(userId: string, day: string, tokens: number, messages: number): Promise<DailyUsage>;
}
