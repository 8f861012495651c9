import { createSign, generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { signJwt, TEST_SECRET, tokenFor } from '../support/jwt';

describe('JWT authentication on REST (embedded mode)', () => {
  let t: TestApp;
  const now = () => Math.floor(Date.now() / 1000);
  const path = '/api/chat/history/alice';

  beforeAll(async () => {
    t = await bootApp(testConfig({ JWT_ISSUER: 'main-backend', JWT_AUDIENCE: 'chat' }));
  });
  afterAll(() => t.close());

  const valid = (extra: Record<string, unknown> = {}) =>
    tokenFor('alice', { iss: 'main-backend', aud: 'chat', ...extra });

  const expect401 = async (token?: string) => {
    const req = request(t.url).get(path);
    if (token !== undefined) req.set('Authorization', `Bearer ${token}`);
    const res = await req.expect(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'unauthorized',
    });
  };

  it('accepts a valid HS256 token with the configured iss and aud', async () => {
    await request(t.url).get(path).set('Authorization', `Bearer ${valid()}`).expect(200);
  });

  it('rejects a request without a token', () => expect401());
  it('rejects a malformed token', () => expect401('not-a-jwt'));
  it('rejects a token signed with another secret', () =>
    expect401(
      signJwt(
        { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
        { secret: 'x'.repeat(40) },
      ),
    ));
  it('rejects an expired token beyond the clock tolerance', () =>
    expect401(valid({ iat: now() - 7200, exp: now() - 120 })));
  it('accepts a token expired within the clock tolerance', async () => {
    await request(t.url)
      .get(path)
      .set('Authorization', `Bearer ${valid({ exp: now() - 5 })}`)
      .expect(200);
  });
  it('rejects alg none', () =>
    expect401(
      signJwt(
        { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
        { alg: 'none' },
      ),
    ));
  it('rejects HS512 even with the right secret (not in the allow-list)', () =>
    expect401(
      signJwt(
        { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
        { alg: 'HS512', secret: TEST_SECRET },
      ),
    ));
  it('rejects HS384 even with the right secret (not in the allow-list)', () =>
    expect401(
      signJwt(
        { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
        { alg: 'HS384', secret: TEST_SECRET },
      ),
    ));
  it('rejects an RS256-signed token', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({
        sub: 'alice',
        iat: now(),
        exp: now() + 60,
        iss: 'main-backend',
        aud: 'chat',
      }),
    ).toString('base64url');
    const sig = createSign('RSA-SHA256')
      .update(`${head}.${body}`)
      .sign(privateKey)
      .toString('base64url');
    return expect401(`${head}.${body}.${sig}`);
  });
  it('rejects a token whose nbf is in the future', () => expect401(valid({ nbf: now() + 3600 })));
  it('ignores kid and jku headers: the key is always the shared secret', async () => {
    const withHeaders = signJwt(
      { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
      { header: { kid: '../../etc/passwd', jku: 'https://evil.example/jwks.json' } },
    );
    await request(t.url).get(path).set('Authorization', `Bearer ${withHeaders}`).expect(200);
    const foreignKey = signJwt(
      { sub: 'alice', iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' },
      {
        secret: 'attacker-secret-attacker-secret-attacker',
        header: { kid: 'attacker', jku: 'https://evil.example/jwks.json' },
      },
    );
    await expect401(foreignKey);
  });
  it('rejects a wrong issuer', () => expect401(valid({ iss: 'someone-else' })));
  it('rejects a missing issuer when one is configured', () =>
    expect401(signJwt({ sub: 'alice', iat: now(), exp: now() + 60, aud: 'chat' })));
  it('rejects a wrong audience', () => expect401(valid({ aud: 'other' })));
  it('rejects a token without sub', () =>
    expect401(signJwt({ iat: now(), exp: now() + 60, iss: 'main-backend', aud: 'chat' })));
  it('rejects a non-string sub', () => expect401(valid({ sub: 42 })));
  it.each(['ali\u0000ce', 'ali\nce', '\u001b[31malice'])(
    'rejects a sub with control characters (%j)',
    (sub) => expect401(valid({ sub })),
  );
  it('rejects a token without exp', () =>
    expect401(signJwt({ sub: 'alice', iat: now(), iss: 'main-backend', aud: 'chat' })));
  it('rejects a token issued in the future', () => expect401(valid({ iat: now() + 3600 })));
  it('rejects a token passed in the query string on REST', async () => {
    await request(t.url).get(`${path}?token=${valid()}`).expect(401);
  });
  it('answers 403 for another user’s history', async () => {
    const res = await request(t.url)
      .get('/api/chat/history/bob')
      .set('Authorization', `Bearer ${valid()}`)
      .expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'forbidden' });
    await request(t.url)
      .delete('/api/chat/history/bob')
      .set('Authorization', `Bearer ${valid()}`)
      .expect(403);
  });
});
