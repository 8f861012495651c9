import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { AuditRecordRow } from '../../src/infrastructure/database/records';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';

type Mode = {
  name: string;
  setup: () => Promise<{ env: Record<string, string>; teardown: () => Promise<void> }>;
};

const modes: Mode[] = [
  {
    name: 'PostgreSQL + Redis',
    setup: async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL }, teardown: db.drop };
    },
  },
  {
    name: 'embedded SQLite + in-process cache',
    setup: () => Promise.resolve({ env: {}, teardown: async () => {} }),
  },
];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(modes)('GET /api/admin/audit ($name)', ({ setup }) => {
  let t: TestApp;
  let teardown: () => Promise<void>;
  const compliance = { Authorization: `Bearer ${tokenFor('auditora', { roles: ['compliance'] })}` };

  function row(userId: string, createdAt: string, extra: Partial<AuditRecordRow> = {}) {
    return {
      message_id: randomUUID(),
      user_id: userId,
      pseudonymised: false,
      conversation_id: randomUUID(),
      created_at: new Date(createdAt),
      provider: 'openai',
      model: 'gpt-4-turbo',
      prompt_sha256: 'b'.repeat(64),
      tools: [
        {
          tool: 'get_fx_rates',
          arguments: { casas: ['bolsa'] },
          source: 'dolarapi',
          as_of: '2026-12-07T12:00:00Z',
          status: 'done' as const,
        },
      ],
      sources: [{ id: 'dolarapi', name: 'DolarApi', as_of: '2026-12-07T12:00:00Z' }],
      figures: { checked: 2, unverified: 0 },
      disclaimer_shown: true,
      finish_reason: 'stop' as const,
      ...extra,
    } satisfies AuditRecordRow;
  }

  beforeAll(async () => {
    const s = await setup();
    teardown = s.teardown;
    t = await bootApp(testConfig(s.env));
    const repo = t.app.get<DataSource>(getDataSourceToken()).getRepository('audit_record');
    await repo.insert([
      row('lia', '2026-12-01T10:00:00Z'),
      row('lia', '2026-12-03T10:00:00Z', { disclaimer_shown: false, tools: [], sources: [] }),
      row('lia', '2026-12-05T10:00:00Z'),
      row(sha('lia'), '2026-11-20T10:00:00Z', { pseudonymised: true }),
      row('otro', '2026-12-04T10:00:00Z'),
    ]);
  });
  afterAll(async () => {
    await t.close();
    await teardown();
  });

  it('lists records newest first, without any message text', async () => {
    const res = await request(t.url).get('/api/admin/audit').set(compliance).expect(200);
    expect(res.body.count).toBe(5);
    const times = res.body.records.map((r: { created_at: string }) => r.created_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(Object.keys(res.body.records[0]).sort()).toEqual(
      [
        'message_id',
        'user_id',
        'conversation_id',
        'created_at',
        'provider',
        'model',
        'prompt_sha256',
        'tools',
        'sources',
        'figures',
        'disclaimer_shown',
        'finish_reason',
      ].sort(),
    );
    expect(res.body.records[0]).toMatchObject({
      tools: [{ tool: 'get_fx_rates', source: 'dolarapi', status: 'done' }],
      figures: { checked: 2, unverified: 0 },
      disclaimer_shown: true,
    });
  });

  it('finds a user’s records by id and by its SHA-256 (before and after erasure)', async () => {
    const byId = await request(t.url).get('/api/admin/audit?user_id=lia').set(compliance);
    expect(byId.body.count).toBe(4);
    const bySha = await request(t.url)
      .get(`/api/admin/audit?user_id=${sha('lia')}`)
      .set(compliance)
      .expect(200);
    expect(bySha.body.count).toBe(1);
  });

  it('filters by period (from inclusive, to exclusive) and limits', async () => {
    const res = await request(t.url)
      .get('/api/admin/audit?user_id=lia&from=2026-12-01T10:00:00Z&to=2026-12-05T10:00:00Z')
      .set(compliance)
      .expect(200);
    expect(res.body.records.map((r: { created_at: string }) => r.created_at)).toEqual([
      '2026-12-03T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
    ]);
    const limited = await request(t.url)
      .get('/api/admin/audit?limit=2')
      .set(compliance)
      .expect(200);
    expect(limited.body.count).toBe(2);
  });

  it.each([['limit=0'], ['limit=501'], ['limit=abc'], ['from=ayer'], ['to=2026-13-01'], ['x=1']])(
    'rejects a bad query with 400: %s',
    async (q) => {
      const res = await request(t.url).get(`/api/admin/audit?${q}`).set(compliance);
      expect(res.status).toBe(400);
    },
  );

  it('accepts roles as one space-separated string', async () => {
    const auth = { Authorization: `Bearer ${tokenFor('jefa', { roles: 'reader compliance' })}` };
    await request(t.url).get('/api/admin/audit').set(auth).expect(200);
  });

  it('answers 403 to any token without the compliance role, and 401 to none', async () => {
    for (const extra of [
      {},
      { roles: ['admin'] },
      { roles: 'Compliance' },
      { role: 'compliance' },
    ]) {
      const res = await request(t.url)
        .get('/api/admin/audit')
        .set({ Authorization: `Bearer ${tokenFor('lia', extra)}` });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    await request(t.url).get('/api/admin/audit').expect(401);
  });
});

describe('audit roles from a custom claim, and its rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp(
      testConfig({
        JWT_ROLES_CLAIM: 'https://app.example/roles',
        AUDIT_ROLE: 'auditor',
        RATE_LIMIT_HISTORY_PER_MIN: '2',
      }),
    );
  });
  afterAll(() => t.close());

  it('reads the configured claim and role, and counts against the history limit', async () => {
    const auth = {
      Authorization: `Bearer ${tokenFor('ines', { 'https://app.example/roles': ['auditor'] })}`,
    };
    const wrong = { Authorization: `Bearer ${tokenFor('ines', { roles: ['compliance'] })}` };
    await request(t.url).get('/api/admin/audit').set(wrong).expect(403);
    await request(t.url).get('/api/admin/audit').set(auth).expect(200);
    await request(t.url).get('/api/admin/audit').set(auth).expect(200);
    const res = await request(t.url).get('/api/admin/audit').set(auth);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
