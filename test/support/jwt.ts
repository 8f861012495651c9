import { createHmac } from 'node:crypto';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-production-0123456789';

const b64 = (v: unknown): string =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** Signs a JWT by hand so tests can also craft the malformed and hostile ones. */
export function signJwt(
  payload: Record<string, unknown>,
  opts: {
    secret?: string;
    alg?: 'HS256' | 'HS384' | 'HS512' | 'none';
    header?: Record<string, unknown>;
  } = {},
): string {
  const alg = opts.alg ?? 'HS256';
  const head = b64({ alg, typ: 'JWT', ...opts.header });
  const body = b64(payload);
  if (alg === 'none') return `${head}.${body}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  const sig = createHmac(hash, opts.secret ?? TEST_SECRET)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** A valid token for `sub`, one hour long. */
export function tokenFor(
  sub: string,
  extra: Record<string, unknown> = {},
  secret = TEST_SECRET,
): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ sub, iat: now, exp: now + 3600, ...extra }, { secret });
}
