import type { UserProfile } from './user-profile';

/** Port: what the main backend knows about the user (risk profile, tickers, goals). */
export abstract class ProfileSource {
  /** The profile, `{}` when the user has none, or null when it cannot be known right now. */
  abstract profile(userId: string, token: string): Promise<UserProfile | null>;
}

/** Where a user's profile is cached (erasing the user's data drops it). */
export const profileCacheKey = (userId: string): string => `profile:${userId}`;
