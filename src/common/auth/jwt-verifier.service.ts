import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';
import type { AuthUser } from './auth-user';
import { rolesOf } from './roles';

interface Claims {
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
}

const MAX_SUB_LENGTH = 128;
/** Tokens remembered as verified; a client sends the same one with every request. */
const VERIFIED_TOKENS = 10_000;

/**
 * The one JWT verifier, shared by the HTTP guard and the socket handshakes. It pins the
 * algorithm allow-list (never `none`), requires `sub`, `exp` and `iat`, checks `iss`/`aud` when
 * configured, and ignores `kid`/`jku` headers (the key is always the shared secret).
 */
@Injectable()
export class JwtVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    // Built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public
    // key on every call, which cost a tenth of a chat request's CPU.
    this.key = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  }

  private readonly key: KeyObject;
  /**
   * Verified tokens until they expire: a token's claims cannot change, so verifying it again
   * on every request (HMAC, JSON, claim checks) is time on the path to the first token.
   */
  private readonly verified = new LRUCache<string, { user: AuthUser; untilMs: number }>({
    max: VERIFIED_TOKENS,
  });

  /**
   * Synchronous on purpose: HMAC checks cost microseconds, and socket recovery needs no await.
   * `remember: false` (socket handshakes) reads the cache but adds nothing to it: a socket keeps
   * its user for its lifetime, so an entry per connection would only cost memory (about 0.8 KB
   * per idle socket).
   */
  verify(token: string | undefined | null, { remember = true } = {}): AuthUser {
    if (!token)
      throw new AppError(
        'unauthorized',
        'Falta el token de acceso (Authorization: Bearer <token>).',
      );
    const known = this.verified.get(token);
    if (known && Date.now() < known.untilMs) return known.user;
    const user = this.verifyAnew(token);
    // Valid until the same instant the library would start refusing it.
    const untilMs = (user.expiresAt + this.config.jwt.clockToleranceS) * 1000;
    if (remember) this.verified.set(token, { user, untilMs });
    return user;
  }

  private verifyAnew(token: string): AuthUser {
    const { algorithms, issuer, audience, clockToleranceS } = this.config.jwt;
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims & object>(token, {
        secret: this.key as unknown as string,
        algorithms,
        clockTolerance: clockToleranceS,
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      });
    } catch {
      throw new AppError('unauthorized', 'El token no es válido o ya venció.');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number')
      throw new AppError('unauthorized', 'El token no tiene vencimiento (exp).');
    if (typeof claims.iat !== 'number')
      throw new AppError('unauthorized', 'El token no tiene fecha de emisión (iat).');
    if (claims.iat > now + clockToleranceS) {
      throw new AppError('unauthorized', 'El token tiene una fecha de emisión futura.');
    }
    if (
      typeof claims.sub !== 'string' ||
      claims.sub.length === 0 ||
      claims.sub.length > MAX_SUB_LENGTH ||
      // Control characters (NUL above all) cannot be stored as a user id, nor logged safely.
      hasControlCharacter(claims.sub)
    ) {
      throw new AppError('unauthorized', 'El token no identifica al usuario (sub).');
    }
    const roles = rolesOf((claims as Record<string, unknown>)[this.config.trust.rolesClaim]);
    return { id: claims.sub, expiresAt: claims.exp, roles, token };
  }
}

/** `Authorization: Bearer <token>` → the token, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : null;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
