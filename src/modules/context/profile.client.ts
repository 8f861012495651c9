import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { DependencyProbe, ServiceStatus } from '../health/dependency-probe';
import { sanitizeProfile, UserProfile } from './user-profile';

const PROFILE_TTL_S = 300;
/** A failing backend is not asked again for every message. */
const FAILURE_TTL_S = 15;

type Cached = { profile: UserProfile | null };

/** Where a user's profile is cached (erasing the user's data drops it). */
export const profileCacheKey = (userId: string): string => `profile:${userId}`;

/** Fetches the user's profile from the main backend, forwarding the user's own token. */
@Injectable()
export class ProfileClient extends DependencyProbe {
  readonly name = 'main_backend' as const;
  private readonly logger = new Logger('ProfileClient');
  private lastOutcome: { ok: boolean; at: number } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly cache: HotCache,
  ) {
    super();
  }

  get configured(): boolean {
    return this.config.mainBackend.url !== null;
  }

  /** The profile, `{}` when the backend has none, or null when it is down or not configured. */
  async profile(userId: string, token: string): Promise<UserProfile | null> {
    const base = this.config.mainBackend.url;
    if (!base) return null;
    const key = profileCacheKey(userId);
    const cached = await this.cache.getJson<Cached>(key);
    if (cached) return cached.profile;
    const url =
      base + this.config.mainBackend.profilePath.replace('{user_id}', encodeURIComponent(userId));
    try {
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.mainBackend.timeoutMs),
      });
      this.lastOutcome = { ok: res.status < 500, at: Date.now() };
      if (res.status === 404) {
        await this.cache.setJson(key, { profile: {} } satisfies Cached, PROFILE_TTL_S);
        return {};
      }
      if (!res.ok) throw new Error(`status ${res.status}`);
      const raw: unknown = await res.json();
      const body = raw && typeof raw === 'object' && 'data' in raw ? raw.data : raw;
      const profile = sanitizeProfile(body);
      await this.cache.setJson(key, { profile } satisfies Cached, PROFILE_TTL_S);
      return profile;
    } catch (err) {
      this.lastOutcome = { ok: false, at: Date.now() };
      this.logger.warn(
        `profile unavailable, answering without it: ${err instanceof Error ? err.message : 'error'}`,
      );
      await this.cache.setJson(key, { profile: null } satisfies Cached, FAILURE_TTL_S);
      return null;
    }
  }

  async status(): Promise<ServiceStatus> {
    const base = this.config.mainBackend.url;
    if (!base) return 'not_configured';
    if (this.lastOutcome && Date.now() - this.lastOutcome.at < 60_000) {
      return this.lastOutcome.ok ? 'healthy' : 'unhealthy';
    }
    try {
      // Any HTTP answer means the backend is reachable.
      await fetch(base, { method: 'GET', signal: AbortSignal.timeout(1500) });
      this.lastOutcome = { ok: true, at: Date.now() };
      return 'healthy';
    } catch {
      this.lastOutcome = { ok: false, at: Date.now() };
      return 'unhealthy';
    }
  }
}
