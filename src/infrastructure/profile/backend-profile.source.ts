import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../cache/hot-cache';
import type { DependencyProbe, ServiceStatus } from '../../modules/health/dependency-probe';
import { profileCacheKey, ProfileSource } from '../../modules/context/profile-source';
import { sanitizeProfile, UserProfile } from '../../modules/context/user-profile';

const PROFILE_TTL_S = 300;
/** A failing backend is not asked again for every message. */
const FAILURE_TTL_S = 15;

type Cached = { profile: UserProfile | null };

/**
 * The user's profile from the main backend, forwarding the user's own token; also what /health
 * reports as `main_backend`.
 */
@Injectable()
export class BackendProfileSource extends ProfileSource implements DependencyProbe {
  readonly name = 'main_backend' as const;
  private readonly logger = new Logger('BackendProfileSource');
  private lastOutcome: { ok: boolean; at: number } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly cache: HotCache,
  ) {
    super();
  }

  /** The profile, `{}` when the backend has none, or null when it is down. */
  async profile(userId: string, token: string): Promise<UserProfile | null> {
    const base = this.config.mainBackend.url ?? '';
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
    const base = this.config.mainBackend.url ?? '';
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
