import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { HotCache } from '../../src/infrastructure/cache/hot-cache';
import { summaryCacheKey } from '../../src/modules/chat/summary.service';
import { profileCacheKey } from '../../src/modules/context/profile-source';
import { KnowledgeBase } from '../../src/modules/knowledge/knowledge-base';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo, until, waitFor } from '../support/sockets';

/**
 * Complete erasure across two instances sharing PostgreSQL and Redis: every place of
 * docs/privacy.md is filled, the user's history is deleted through one instance, and nothing
 * readable is left anywhere, on either instance.
 */
describe('complete erasure of a user’s data, two instances over Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let db: { url: string; drop: () => Promise<void> };
  let pg: Client;
  let redis: Redis;
  const prefix = `chat-test-${randomBytes(4).toString('hex')}:`;
  const user = `eva-${randomBytes(3).toString('hex')}`;
  const auth = { Authorization: `Bearer ${tokenFor(user)}` };
  const secret = 'Mi secreto: tengo ahorros en un plazo fijo del Banco Nación';

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await bootApp(testConfig(env));
    b = await bootApp(testConfig({ ...env, DB_MIGRATIONS_RUN: 'false' }));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await pg.end();
    redis.disconnect();
    await db.drop();
  });

  async function redisKeysOfUser(): Promise<string[]> {
    const keys = await redis.keys(`${prefix}*`);
    // Rate-limit (per IP and per user) and daily token-quota counters hold a user id and a count, no text; the quota
    // must survive erasure (deleting history must not reset today's tokens).
    return keys.filter(
      (k) =>
        k.includes(user) &&
        !k.includes('{rl:') &&
        !k.startsWith(`${prefix}rl:`) &&
        !k.startsWith(`${prefix}quota:`),
    );
  }

  async function streamEntriesOfUser(): Promise<string[]> {
    const entries = (await redis.xrange(`${prefix}socket.io`, '-', '+')) as [string, string[]][];
    return entries
      .map(([, fields]) => fields.join(' '))
      .filter((text) => text.includes(`user:${user}`) || text.includes('Banco Nación'));
  }

  it('leaves nothing readable but the pseudonymised audit records', async () => {
    // Instance A: an answer over Socket.IO (the recovery stream gets its events).
    const socket = connectIo(a.url, tokenFor(user));
    await connected(socket);
    const done = waitFor<{ message_id: string }>(socket, 'message', 15000);
    const ack = await socket.emitWithAck('send_message', {
      message: secret,
      client_message_id: 'first',
    });
    expect(ack.ok).toBe(true);
    const first = await done;
    socket.disconnect();

    // Instance B: an answer over REST, remembered in B's recent replies.
    const second = await request(b.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué es un CEDEAR?', client_message_id: 'second' })
      .expect(200);
    const repeat = await request(b.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué es un CEDEAR?', client_message_id: 'second' })
      .expect(200);
    expect(repeat.body.message_id).toBe(second.body.message_id);

    await request(a.url)
      .post('/api/chat/feedback')
      .set(auth)
      .send({ message_id: first.message_id, rating: 'down', reason: 'Nombré mi banco' })
      .expect(200);
    await request(a.url).get(`/api/chat/history/${user}`).set(auth).expect(200);
    const cache = a.app.get(HotCache);
    await cache.setJson(summaryCacheKey(user), { state: 'x', text: secret }, 600);
    await cache.setJson(profileCacheKey(user), { profile: { display_name: 'Eva' } }, 600);
    expect(a.app.get(KnowledgeBase).cachedSearches).toBeGreaterThan(0);
    expect(b.app.get(KnowledgeBase).cachedSearches).toBeGreaterThan(0);
    expect(await redisKeysOfUser()).not.toEqual([]);
    expect(await streamEntriesOfUser()).not.toEqual([]);
    const before = await pg.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE user_id = $1',
      [user],
    );

    const del = await request(a.url).delete(`/api/chat/history/${user}`).set(auth).expect(200);
    expect(del.body).toEqual({ user_id: user, deleted: 4 });

    // Database: messages (with feedback and idempotency keys) and conversations (with summaries).
    const rows = await pg.query(
      `SELECT (SELECT count(*)::int FROM messages WHERE user_id = $1) AS messages,
              (SELECT count(*)::int FROM conversations WHERE user_id = $1) AS conversations,
              (SELECT count(*)::int FROM audit_records WHERE user_id = $1) AS audit_named,
              (SELECT count(*)::int FROM audit_records WHERE user_id = $2) AS audit_pseudonymised`,
      [user, createHash('sha256').update(user).digest('hex')],
    );
    expect(rows.rows[0]).toEqual({
      messages: 0,
      conversations: 0,
      audit_named: 0,
      audit_pseudonymised: before.rows[0].n,
    });
    // Redis: cached windows, summary and profile; the Socket.IO recovery stream.
    expect(await redisKeysOfUser()).toEqual([]);
    expect(await streamEntriesOfUser()).toEqual([]);
    // Each instance's memory: search results by question, on A at once and on B by broadcast.
    expect(a.app.get(KnowledgeBase).cachedSearches).toBe(0);
    await until(() => b.app.get(KnowledgeBase).cachedSearches === 0, 5000, 'B forgets searches');
    // B's recent replies: a retry after the erasure is a new exchange, not the erased answer.
    const after = await request(b.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué es un CEDEAR?', client_message_id: 'second' })
      .expect(200);
    expect(after.body.message_id).not.toBe(second.body.message_id);
    // And through the API: nothing to export, a summary of nothing.
    await request(a.url).delete(`/api/chat/history/${user}`).set(auth).expect(200);
    const exported = await request(b.url).get(`/api/chat/export/${user}`).set(auth).expect(200);
    expect(exported.body.conversations).toEqual([]);
    const summary = await request(b.url).get(`/api/chat/summary/${user}`).set(auth).expect(200);
    expect(summary.body.message_count).toBe(0);
  });
});
