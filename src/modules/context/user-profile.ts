/** What the assistant may know about a user: from the main backend and the request. */
export interface UserProfile {
  display_name?: string;
  risk_profile?: string;
  /** When the investor test behind `risk_profile` was taken (ISO 8601 date or timestamp). */
  risk_profile_updated_at?: string;
  favorite_tickers?: string[];
  investment_goals?: string[];
  portfolio_value?: number;
  investment_horizon?: string;
  experience_level?: string;
}

const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;

const strList = (v: unknown, max: number, each: number): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out = v
    .map((x) => str(x, each))
    .filter((x): x is string => x !== undefined)
    .slice(0, max);
  return out.length > 0 ? out : undefined;
};

const TICKER = /^[A-Z0-9.]{1,10}$/;

/** A date the prompt may quote: ISO 8601 only (anything else could carry text). */
const isoDate = (v: unknown): string | undefined =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v.trim()) &&
  !Number.isNaN(Date.parse(v.trim()))
    ? v.trim()
    : undefined;

/**
 * Keeps only the known fields, with sane types and lengths. Whatever else arrives (from the
 * backend or the client) is dropped: it would reach the prompt otherwise.
 */
export function sanitizeProfile(raw: unknown): UserProfile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const tickers = strList(r.favorite_tickers ?? r.favorite_stocks ?? r.tickers, 20, 12)
    ?.map((t) => t.toUpperCase())
    .filter((t) => TICKER.test(t));
  const value =
    typeof r.portfolio_value === 'number' &&
    Number.isFinite(r.portfolio_value) &&
    r.portfolio_value >= 0
      ? r.portfolio_value
      : undefined;
  const profile: UserProfile = {
    display_name: str(r.display_name ?? r.name, 60),
    risk_profile: str(r.risk_profile, 40)?.toLowerCase(),
    risk_profile_updated_at: isoDate(
      r.risk_profile_updated_at ?? r.risk_profile_date ?? r.profile_updated_at,
    ),
    favorite_tickers: tickers && tickers.length > 0 ? tickers : undefined,
    investment_goals: strList(r.investment_goals ?? r.goals, 10, 120),
    portfolio_value: value,
    investment_horizon: str(r.investment_horizon, 60),
    experience_level: str(r.experience_level, 40),
  };
  for (const k of Object.keys(profile) as (keyof UserProfile)[])
    if (profile[k] === undefined) delete profile[k];
  return profile;
}

/**
 * The main backend's profile wins over the request's `user_context`: it is the authoritative
 * record (the risk profile comes from the regulated investor test). The request fills gaps.
 */
export function mergeProfiles(backend: UserProfile | null, request: UserProfile): UserProfile {
  return { ...request, ...(backend ?? {}) };
}
