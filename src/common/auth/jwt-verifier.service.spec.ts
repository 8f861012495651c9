import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '../../config/load-config';
import { signJwt, TEST_SECRET } from '../../../test/support/jwt';
import { JwtVerifier } from './jwt-verifier.service';

function newVerifier() {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'jwt-unit-')),
    JWT_SECRET_KEY: TEST_SECRET,
  });
  const jwt = new JwtService();
  const verify = jest.spyOn(jwt, 'verify');
  return { verifier: new JwtVerifier(jwt, config), verify, tolerance: config.jwt.clockToleranceS };
}

describe('JwtVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies a token once and answers its repeats from memory', () => {
    const { verifier, verify } = newVerifier();
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ sub: 'u1', iat: now, exp: now + 600 });
    expect(verifier.verify(token).id).toBe('u1');
    expect(verifier.verify(token).id).toBe('u1');
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('stops answering a remembered token once it expires', () => {
    const { verifier, tolerance } = newVerifier();
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({ sub: 'u1', iat: now, exp: now + 60 });
    verifier.verify(token);
    jest.useFakeTimers({ now: (now + 61 + tolerance) * 1000 });
    expect(() => verifier.verify(token)).toThrow(/venció/);
  });

  it('never remembers a refused token', () => {
    const { verifier, verify } = newVerifier();
    const now = Math.floor(Date.now() / 1000);
    const forged = signJwt({ sub: 'u1', iat: now, exp: now + 600 }, { secret: 'x'.repeat(40) });
    expect(() => verifier.verify(forged)).toThrow();
    expect(() => verifier.verify(forged)).toThrow();
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('lets a socket handshake use a remembered token without adding its own', () => {
    const { verifier, verify } = newVerifier();
    const now = Math.floor(Date.now() / 1000);
    const socketOnly = signJwt({ sub: 'u1', iat: now, exp: now + 600 });
    verifier.verify(socketOnly, { remember: false });
    verifier.verify(socketOnly, { remember: false });
    expect(verify).toHaveBeenCalledTimes(2);
    const rest = signJwt({ sub: 'u2', iat: now, exp: now + 600 });
    verifier.verify(rest);
    expect(verifier.verify(rest, { remember: false }).id).toBe('u2');
    expect(verify).toHaveBeenCalledTimes(3);
  });
});
