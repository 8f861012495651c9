/** A per-user budget counted over fixed windows. */
export type UserBucket = 'chat' | 'history';

/** What one admission asks of the store, answered in one step (one round trip with Redis). */
export interface AdmissionCheck {
  userId: string;
  bucket: UserBucket;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** The daily token budget, when one is set: today's key and its limit. */
  quota: { day: string; limit: number } | null;
  /** The user's answer lock, for a message that asks for an answer. */
  lock: { owner: string; ttlMs: number } | null;
}

export interface AdmissionCounts {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
  /** Tokens spent today (0 when no quota was asked or the request was over the limit). */
  tokensUsed: number;
  /** The lock was taken for `lock.owner` (never when the limit or the quota refused). */
  lockHeld: boolean;
}

/**
 * Port: the per-user rate limit, the quota read and the answer lock in one step. The lock is
 * taken only when the request is within its limit and the day's quota, so a refused request
 * holds nothing. Fails open: when the shared store cannot be reached each instance counts on
 * its own and the lock is granted, so an outage never blocks chat.
 */
export abstract class AdmissionStore {
  abstract check(req: AdmissionCheck): Promise<AdmissionCounts>;
}
