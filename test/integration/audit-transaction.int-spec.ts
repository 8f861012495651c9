import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';

type Mode = {
  name: string;
  setup: () => Promise<{ env: Record<string, string>; teardown: () => Promise<void> }>;
  /** SQL that makes every insert into audit_records fail, and SQL that undoes it. */
  breakAudit: string[];
  repairAudit: string[];
};

const modes: Mode[] = [
  {
    name: 'PostgreSQL',
    setup: async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, teardown: db.drop };
    },
    breakAudit: [
      `CREATE FUNCTION refuse_audit() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit insert refused by the test'; END $$ LANGUAGE plpgsql`,
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_records
       FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
    ],
    repairAudit: ['DROP TRIGGER refuse_audit ON audit_records'],
  },
  {
    name: 'embedded SQLite',
    setup: () => Promise.resolve({ env: {}, teardown: async () => {} }),
    breakAudit: [
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_records
       BEGIN SELECT RAISE(ABORT, 'audit insert refused by the test'); END`,
    ],
    repairAudit: ['DROP TRIGGER refuse_audit'],
  },
];

/**
 * An answer without its audit record must be impossible: with the audit insert failing, the
 * answer is not stored and the user gets a clear error; once it works, both are stored.
 */
describe.each(modes)('answer and audit record in one transaction ($name)', (mode) => {
  let t: TestApp;
  let ds: DataSource;
  let teardown: () => Promise<void>;
  const auth = { Authorization: `Bearer ${tokenFor('olga')}` };

  beforeAll(async () => {
    const s = await mode.setup();
    teardown = s.teardown;
    t = await bootApp(testConfig(s.env));
    ds = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.close();
    await teardown();
  });

  const count = async (sql: string): Promise<number> =>
    Number((await ds.query<{ n: number | string }[]>(sql))[0].n);

  it('stores neither when the audit insert fails, and tells the user', async () => {
    for (const sql of mode.breakAudit) await ds.query(sql);
    try {
      const res = await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .send({ message: '¿Qué es un CEDEAR?' });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'storage_unavailable' });
      expect(res.body.message).toMatch(/No pudimos guardar/);
      expect(await count(`SELECT count(*) AS n FROM messages WHERE role = 'assistant'`)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM audit_records')).toBe(0);
      // The question itself is kept, as for any failed answer.
      expect(await count(`SELECT count(*) AS n FROM messages WHERE role = 'user'`)).toBe(1);
      const history = await request(t.url).get('/api/chat/history/olga').set(auth).expect(200);
      expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual(['user']);
    } finally {
      for (const sql of mode.repairAudit) await ds.query(sql);
    }
  });

  it('stores the answer with one audit record of it, without any text', async () => {
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué es un CEDEAR?' })
      .expect(200);
    const rows = await ds.query<Record<string, unknown>[]>(
      `SELECT * FROM audit_records WHERE message_id = '${res.body.message_id as string}'`,
    );
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      user_id: 'olga',
      conversation_id: res.body.conversation_id,
      provider: 'offline',
      model: 'offline-assistant',
      finish_reason: 'stop',
    });
    expect(row.prompt_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Boolean(row.disclaimer_shown)).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/CEDEAR/i);
    const audit = await request(t.url)
      .get('/api/admin/audit?user_id=olga')
      .set({ Authorization: `Bearer ${tokenFor('auditor', { roles: ['compliance'] })}` })
      .expect(200);
    expect(audit.body.records).toEqual([
      expect.objectContaining({
        message_id: res.body.message_id,
        tools: [],
        sources: [],
        figures: { checked: 0, unverified: 0 },
        disclaimer_shown: true,
      }),
    ]);
  });

  it('records a greeting’s answer with no disclaimer shown', async () => {
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: 'Hola' })
      .expect(200);
    expect(res.body.disclaimer).toBeNull();
    const rows = await ds.query<{ disclaimer_shown: unknown }[]>(
      `SELECT disclaimer_shown FROM audit_records WHERE message_id = '${res.body.message_id as string}'`,
    );
    expect(Boolean(rows[0].disclaimer_shown)).toBe(false);
  });
});
