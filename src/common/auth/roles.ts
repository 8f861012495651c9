const MAX_ROLES = 50;
const MAX_ROLE_LENGTH = 100;

/**
 * The roles of a token from its roles claim: an array of strings, or one space-separated string
 * (as OAuth's `scope`). Anything else means no roles, never an error: a token is still valid
 * without them.
 */
export function rolesOf(claim: unknown): string[] {
  const raw = Array.isArray(claim)
    ? claim.filter((r): r is string => typeof r === 'string')
    : typeof claim === 'string'
      ? claim.split(/\s+/)
      : [];
  return raw
    .map((r) => r.trim())
    .filter((r) => r.length > 0 && r.length <= MAX_ROLE_LENGTH)
    .slice(0, MAX_ROLES);
}

/** Exact, case-sensitive match: `Compliance` is not `compliance`. */
export function hasRole(roles: readonly string[], role: string): boolean {
  return roles.includes(role);
}
