import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { advisoryKey } from '../../src/infrastructure/database/pg-advisory.runner';
import { RetentionSweeper } from '../../src/modules/user-data/retention.sweeper';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';

const DAY = 86_400_000;

/** Retention on the real PostgreSQL, with rows back-dated by hand. */
describe('the retention sweep on PostgreSQL', () => {
  let t: TestApp;
  let db: { url: string; drop: () => Promise<void> };
  let pg: Client;
  let sweeper: RetentionSweeper;

  beforeAll(async () => {
    db = await createTestDatabase();
    // RETENTION_DAYS stays 0 at boot so no timer races the sweeps this suite runs itself.
    t = await bootApp(testConfig({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL }));
    t.config.trust.retentionDays = 30;
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    sweeper = t.app.get(RetentionSweeper);
  });
  afterAll(async () => {
    await t.close();
    await pg.end();
    await db.drop();
  });

  /** A conversation of `user` whose two messages (and last activity) are `ageDays` old. */
  async function seedConversation(user: string, ageDays: number): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - ageDays * DAY);
    await pg.query(
      `INSERT INTO conversations (id, user_id, title, summary, created_at, updated_at)
       VALUES ($1, $2, 'vieja', 'resumen de lo hablado', $3, $3)`,
      [id, user, at],
    );
    const question = randomUUID();
    await pg.query(
      `INSERT INTO messages (id, conversation_id, user_id, role, content, created_at)
       VALUES ($1, $2, $3, 'user', 'pregunta', $4)`,
      [question, id, user, at],
    );
    const answer = randomUUID();
    await pg.query(
      `INSERT INTO messages (id, conversation_id, user_id, role, content, finish_reason, reply_to, feedback, created_at)
       VALUES ($1, $2, $3, 'assistant', 'respuesta', 'stop', $4, '{"rating":"up"}', $5)`,
      [answer, id, user, question, new Date(at.getTime() + 1)],
    );
    await pg.query(
      `INSERT INTO audit_records (message_id, user_id, conversation_id, created_at, provider, model,
         prompt_sha256, tools, sources, disclaimer_shown, finish_reason)
       VALUES ($1, $2, $3, $4, 'offline', 'offline-assistant', $5, '[]', '[]', true, 'stop')`,
      [answer, user, id, at, 'a'.repeat(64)],
    );
    return id;
  }

  const count = async (sql: string, params: unknown[]) =>
    (await pg.query<{ n: number }>(sql, params)).rows[0].n;

  it('deletes expired conversations in short batches, with everything derived from them', async () => {
    const old: string[] = [];
    for (let i = 0; i < 5; i++) old.push(await seedConversation('rita', 40));
    const recent = await seedConversation('rita', 3);
    const other = await seedConversation('sara', 31);
    // The cached window now holds old messages too.
    const auth = { Authorization: `Bearer ${tokenFor('rita')}` };
    const before = await request(t.url).get('/api/chat/history/rita').set(auth).expect(200);
    expect(before.body.count).toBe(12);

    const result = await sweeper.sweep(new Date(), 2);
    expect(result).toEqual({ ran: true, conversations: 6, messages: 12, batches: 3 });

    const left = await pg.query<{ id: string }>('SELECT id FROM conversations ORDER BY id');
    expect(left.rows.map((r) => r.id)).toEqual([recent]);
    expect(
      await count('SELECT count(*)::int AS n FROM messages WHERE conversation_id = ANY($1)', [
        [...old, other],
      ]),
    ).toBe(0);
    // The compliance trail keeps its records.
    expect(await count('SELECT count(*)::int AS n FROM audit_records', [])).toBe(7);
    // The cached window was dropped: history is read again from the database.
    const after = await request(t.url).get('/api/chat/history/rita').set(auth).expect(200);
    expect(after.body.messages.map((m: { conversation_id: string }) => m.conversation_id)).toEqual([
      recent,
      recent,
    ]);
  });

  it('runs on one instance at a time: a held lock skips the sweep', async () => {
    const old = await seedConversation('tomas', 90);
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [advisoryKey('retention-sweep')]);
      expect(await sweeper.sweep()).toMatchObject({ ran: false, conversations: 0 });
      expect(await count('SELECT count(*)::int AS n FROM conversations WHERE id = $1', [old])).toBe(
        1,
      );
    } finally {
      await holder.end();
    }
    expect(await sweeper.sweep()).toMatchObject({ ran: true, conversations: 1 });
  });

  it('keeps everything when RETENTION_DAYS is 0', async () => {
    const old = await seedConversation('ulises', 400);
    t.config.trust.retentionDays = 0;
    try {
      expect(await sweeper.sweep()).toMatchObject({ ran: false });
      expect(await count('SELECT count(*)::int AS n FROM conversations WHERE id = $1', [old])).toBe(
        1,
      );
    } finally {
      t.config.trust.retentionDays = 30;
    }
  });
});
