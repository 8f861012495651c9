import request from 'supertest';
import { ConfigError } from '../../src/config/load-config';
import { bootApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';

/**
 * `POST /api/dev/token` once refused only ENVIRONMENT=production, so a staging or test instance
 * holding the real secret minted valid tokens for any user. It exists now only with the
 * service's own generated secret and the demo page on.
 */
describe('the development token route, for every environment', () => {
  const environments = ['development', 'test', 'staging', 'production'] as const;
  const cases = environments.flatMap((environment) =>
    (['configured', 'generated'] as const).flatMap((secret) =>
      (['on', 'off', 'default'] as const).map((demo) => ({ environment, secret, demo })),
    ),
  );

  it.each(cases)(
    'ENVIRONMENT=$environment, secret $secret, demo page $demo',
    async ({ environment, secret, demo }) => {
      const env = {
        ENVIRONMENT: environment,
        ...(secret === 'generated' ? { JWT_SECRET_KEY: undefined } : {}),
        ...(demo === 'default' ? {} : { DEMO_PAGE: demo === 'on' ? 'true' : 'false' }),
      };
      if (environment === 'production' && secret === 'generated') {
        // Production never runs on a generated secret: the configuration is refused.
        expect(() => testConfig(env)).toThrow(ConfigError);
        return;
      }
      const config = testConfig(env);
      const demoOn = demo === 'on' || (demo === 'default' && environment !== 'production');
      const mounted = secret === 'generated' && demoOn;
      expect(config.devTokens).toBe(mounted);

      const t = await bootApp(config);
      try {
        const res = await request(t.url).post('/api/dev/token').send({ user_id: 'victima' });
        if (!mounted) {
          expect(res.status).toBe(404);
          expect(res.body.token).toBeUndefined();
          return;
        }
        expect(res.status).toBe(200);
        // The minted token opens the API, as the demo page needs.
        await request(t.url)
          .get('/api/chat/history/victima')
          .set({ Authorization: `Bearer ${res.body.token as string}` })
          .expect(200);
        if (demoOn) {
          const page = await request(t.url).get('/').expect(200);
          expect(page.text).toContain('data-dev-tokens="true"');
        }
      } finally {
        await t.close();
      }
    },
  );

  it('tells the demo page there is no token route when the secret is configured', async () => {
    const t = await bootApp(testConfig({ ENVIRONMENT: 'development', DEMO_PAGE: 'true' }));
    try {
      const page = await request(t.url).get('/').expect(200);
      expect(page.text).toContain('data-dev-tokens="false"');
      // Tokens from the main backend (the configured secret) still work as always.
      await request(t.url)
        .get('/api/chat/history/ana')
        .set({ Authorization: `Bearer ${tokenFor('ana')}` })
        .expect(200);
    } finally {
      await t.close();
    }
  });
});
