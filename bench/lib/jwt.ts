import { createHmac, timingSafeEqual } from 'node:crypto';

/** The shared secret every process of the bench uses (≥ 32 bytes, as production requires). */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef-0123456789abcdef';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'JWT' });

/** An HS256 token for `sub`, valid for `ttlS` seconds. */
export function signToken(sub: string, secret = BENCH_SECRET, ttlS = 4 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const body = b64({ sub, iat: now, exp: now + ttlS });
  const sig = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${sig}`;
}

export interface VerifiedClaims {
  sub: string;
  exp: number;
  iat: number;
}

/**
 * Verifies an HS256 token with node:crypto only: the header must say HS256, the signature must
 * match, and `sub`, `exp` (not past) and `iat` must be present. Returns null when anything fails.
 */
export function verifyToken(token: string, secret: string): VerifiedClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts;
  let header: { alg?: unknown };
  let claims: { sub?: unknown; exp?: unknown; iat?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') return null;
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return null;
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) return null;
  if (typeof claims.exp !== 'number' || claims.exp < now) return null;
  if (typeof claims.iat !== 'number') return null;
  return { sub: claims.sub, exp: claims.exp, iat: claims.iat };
}
