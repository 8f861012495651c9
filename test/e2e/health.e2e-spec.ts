import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { createTestDatabase } from '../support/postgres';

describe('health endpoints', () => {
  describe('embedded defaults', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootApp(testConfig());
    });
    afterAll(() => t.close());

    it('reports the seed’s shape and says which parts are embedded', async () => {
      const res = await request(t.url).get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'healthy',
        version: expect.any(String),
        services: {
          redis: 'not_configured',
          database: 'healthy',
          openai: 'not_configured',
          main_backend: 'not_configured',
        },
        mode: { database: 'embedded-sqlite', cache: 'in-process', llm: 'offline-assistant' },
      });
      expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
    });

    it('answers liveness and readiness', async () => {
      await request(t.url).get('/health/live').expect(200);
      const ready = await request(t.url).get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
    });

    it('serves the OpenAPI document and the Swagger UI', async () => {
      const doc = await request(t.url).get('/docs-json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/health',
          '/health/live',
          '/health/ready',
          '/api/chat/history/{user_id}',
        ]),
      );
      await request(t.url).get('/docs').expect(200);
    });
  });

  describe('PostgreSQL + Redis', () => {
    let t: TestApp;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const db = await createTestDatabase();
      drop = db.drop;
      t = await bootApp(testConfig({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL }));
    });
    afterAll(async () => {
      await t.close();
      await drop();
    });

    it('reports redis and database healthy', async () => {
      const res = await request(t.url).get('/health').expect(200);
      expect(res.body.services).toMatchObject({ redis: 'healthy', database: 'healthy' });
      expect(res.body.mode).toMatchObject({ database: 'postgres', cache: 'redis' });
    });
  });

  it('reports degraded (still 200, still ready) when Redis is unreachable', async () => {
    const t = await bootApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      const res = await request(t.url).get('/health').expect(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.services.redis).toBe('unhealthy');
      await request(t.url).get('/health/ready').expect(200);
    } finally {
      await t.close();
    }
  });
});
