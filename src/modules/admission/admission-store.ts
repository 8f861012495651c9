/** The rate-limit buckets: per user (`chat`, `history`) and per client IP (`general`, `handshake`). */
export type Bucket = 'chat' | 'history' | 'general' | 'handshake';
export type UserBucket = Extract<Bucket, 'chat' | 'history'>;
export type IpBucket = Extract<Bucket, 'general' | 'handshake'>;

/** One fixed-window counter: a bucket for one tracker (a user id or a client IP). */
export interface RateWindow {
  bucket: Bucket;
  tracker: string;
  /** Requests allowed per window. */
  limit: number;
}

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

/** What one admission asks of the store, answered in one step (one round trip with Redis). */
export interface AdmissionCheck {
  /**
   * Counted in order. The first one over its limit ends the step: the windows after it are not
   * counted, and neither the quota nor the lock is touched.
   */
  windows: RateWindow[];
  windowMs: number;
  /** The daily token budget, when one is set: the user, today's key and the limit. */
  quota: { userId: string; day: string; limit: number } | null;
  /** The user's answer lock, for a message that asks for an answer. */
  lock: { userId: string; owner: string; ttlMs: number } | null;
}

export interface AdmissionCounts {
  /** One per window counted (fewer than asked when one was over its limit). */
  windows: WindowCount[];
  /** Tokens spent today (0 when no quota was asked or a window refused). */
  tokensUsed: number;
  /** The lock was taken for `lock.owner` (never when a window or the quota refused). */
  lockHeld: boolean;
}

/**
 * Port: the rate limits, the quota read and the answer lock in one step. The lock is taken only
 * within every limit and the day's quota, so a refused request holds nothing. Fails open: when
 * the shared store cannot be reached each instance counts on its own and the lock is granted,
 * so an outage never blocks chat.
 */
export abstract class AdmissionStore {
  abstract check(req: AdmissionCheck): Promise<AdmissionCounts>;
}
