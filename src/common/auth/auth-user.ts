/** The authenticated caller, derived from a verified JWT. */
export interface AuthUser {
  /** The token's `sub`. */
  id: string;
  /** Expiry as epoch seconds. */
  expiresAt: number;
  /** The token's roles (the claim named by JWT_ROLES_CLAIM); empty when it has none. */
  roles: readonly string[];
  /** The raw bearer token, kept only to forward to the main backend; never logged. */
  token: string;
}
