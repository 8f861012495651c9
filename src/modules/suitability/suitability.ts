import type { UserProfile } from '../context/user-profile';

const DAY_MS = 86_400_000;

/**
 * Whether the user's investor profile can be relied on: `current` (dated within the limit),
 * `stale` (older, or without a date to prove otherwise) or `missing`.
 */
export type ProfileStatus = 'current' | 'stale' | 'missing';

export interface Suitability {
  status: ProfileStatus;
  /** Whole days since the profile's date, when it has one. */
  ageDays: number | null;
  /** The limit it was judged against (PROFILE_MAX_AGE_DAYS). */
  maxAgeDays: number;
}

export function suitabilityOf(profile: UserProfile, now: Date, maxAgeDays: number): Suitability {
  if (!profile.risk_profile) return { status: 'missing', ageDays: null, maxAgeDays };
  const at = profile.risk_profile_updated_at ? Date.parse(profile.risk_profile_updated_at) : NaN;
  if (Number.isNaN(at)) return { status: 'stale', ageDays: null, maxAgeDays };
  const ageDays = Math.max(0, Math.floor((now.getTime() - at) / DAY_MS));
  return { status: ageDays > maxAgeDays ? 'stale' : 'current', ageDays, maxAgeDays };
}

/**
 * The system prompt's line for this user's profile. A closed list of fixed texts (the profile's
 * own values travel in the data block), so nothing the user controls reaches the system role.
 */
export function suitabilityInstruction(status: ProfileStatus, maxAgeDays: number): string {
  switch (status) {
    case 'current':
      return 'Perfil del inversor: vigente. Adaptá la respuesta al perfil de riesgo del bloque de datos (risk_profile, con su fecha en risk_profile_updated_at) y explicá los riesgos de lo que se pregunta.';
    case 'stale':
      return `Perfil del inversor: desactualizado (de hace más de ${maxAgeDays} días o sin fecha). Antes de hablar de estrategias o de instrumentos concretos, sugerí actualizar el perfil de inversor en la app (el test del inversor); mientras tanto, respondé en términos generales y explicá los riesgos.`;
    case 'missing':
      return 'Perfil del inversor: no disponible. Antes de hablar de estrategias o de instrumentos concretos, sugerí completar el perfil de inversor en la app (el test del inversor); mientras tanto, respondé en términos generales y explicá los riesgos.';
  }
}
