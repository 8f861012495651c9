import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo } from '../support/sockets';

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

describe.each(modes)('feedback on answers ($name)', ({ setup }) => {
  let t: TestApp;
  let teardown: () => Promise<void>;
  const ana = { Authorization: `Bearer ${tokenFor('ana')}` };
  const beto = { Authorization: `Bearer ${tokenFor('beto')}` };

  beforeAll(async () => {
    const s = await setup();
    teardown = s.teardown;
    t = await bootApp(testConfig(s.env));
  });
  afterAll(async () => {
    await t.close();
    await teardown();
  });

  async function ask(auth: Record<string, string>, message = '¿Qué es un CEDEAR?') {
    const res = await request(t.url).post('/api/chat/message').set(auth).send({ message });
    expect(res.status).toBe(200);
    return res.body as { message_id: string; user_message_id: string; conversation_id: string };
  }

  it('stores a rating with the message and shows it in history', async () => {
    const reply = await ask(ana);
    // Read once so the cached window exists: the rating must show through it too.
    await request(t.url).get('/api/chat/history/ana').set(ana).expect(200);
    const res = await request(t.url)
      .post('/api/chat/feedback')
      .set(ana)
      .send({
        message_id: reply.message_id,
        rating: 'down',
        reason: 'No respondió',
        tags: ['incompleto'],
      })
      .expect(200);
    expect(res.body).toEqual({ message_id: reply.message_id, rating: 'down' });
    const history = await request(t.url).get('/api/chat/history/ana').set(ana).expect(200);
    const answer = history.body.messages.find((m: { id: string }) => m.id === reply.message_id);
    expect(answer.feedback).toEqual({
      rating: 'down',
      reason: 'No respondió',
      tags: ['incompleto'],
    });
  });

  it('keeps one rating per message: a new one replaces the old', async () => {
    const reply = await ask(ana);
    await request(t.url)
      .post('/api/chat/feedback')
      .set(ana)
      .send({ message_id: reply.message_id, rating: 'down', reason: 'mal' })
      .expect(200);
    await request(t.url)
      .post('/api/chat/feedback')
      .set(ana)
      .send({ message_id: reply.message_id, rating: 'up' })
      .expect(200);
    const history = await request(t.url)
      .get(`/api/chat/history/ana?conversation_id=${reply.conversation_id}`)
      .set(ana)
      .expect(200);
    const answer = history.body.messages.find((m: { id: string }) => m.id === reply.message_id);
    expect(answer.feedback).toEqual({ rating: 'up' });
  });

  it('answers 404, never 403, for another user’s message, a user message or an unknown id', async () => {
    const reply = await ask(ana);
    for (const message_id of [reply.message_id, '00000000-0000-4000-8000-000000000000']) {
      const res = await request(t.url)
        .post('/api/chat/feedback')
        .set(beto)
        .send({ message_id, rating: 'up' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const own = await request(t.url)
      .post('/api/chat/feedback')
      .set(ana)
      .send({ message_id: reply.user_message_id, rating: 'up' });
    expect(own.status).toBe(404);
  });

  it.each([
    [{ rating: 'up' }],
    [{ message_id: 'x', rating: 'meh' }],
    [{ message_id: 'x', rating: 'up', reason: 'a'.repeat(501) }],
    [{ message_id: 'x', rating: 'up', tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    [{ message_id: 'x', rating: 'up', tags: 'a' }],
    [{ message_id: 'x', rating: 'up', extra: true }],
  ])('rejects an invalid body with 400 (case %#)', async (body) => {
    const res = await request(t.url).post('/api/chat/feedback').set(ana).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
  });

  it('needs a token', async () => {
    await request(t.url)
      .post('/api/chat/feedback')
      .send({ message_id: 'x', rating: 'up' })
      .expect(401);
  });

  it('counts ratings in chat_feedback_total', async () => {
    const reply = await ask(ana);
    await request(t.url)
      .post('/api/chat/feedback')
      .set(ana)
      .send({ message_id: reply.message_id, rating: 'up' })
      .expect(200);
    const metrics = await request(t.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/chat_feedback_total\{rating="up"\} [1-9]/);
  });

  it('takes the same rating over Socket.IO, with an ack', async () => {
    const reply = await ask(ana);
    const socket = connectIo(t.url, tokenFor('ana'));
    await connected(socket);
    try {
      const ok = await socket.emitWithAck('feedback', {
        message_id: reply.message_id,
        rating: 'down',
        tags: ['lento'],
      });
      expect(ok).toEqual({ ok: true, message_id: reply.message_id, rating: 'down' });
      const foreign = await socket.emitWithAck('feedback', {
        message_id: '00000000-0000-4000-8000-000000000000',
        rating: 'up',
      });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const invalid = await socket.emitWithAck('feedback', { message_id: reply.message_id });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      socket.disconnect();
    }
    const history = await request(t.url).get('/api/chat/history/ana').set(ana).expect(200);
    const answer = history.body.messages.find((m: { id: string }) => m.id === reply.message_id);
    expect(answer.feedback).toEqual({ rating: 'down', tags: ['lento'] });
  });
});

describe('feedback rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp(testConfig({ RATE_LIMIT_HISTORY_PER_MIN: '2' }));
  });
  afterAll(() => t.close());

  it('counts against the history limit and answers 429 with Retry-After', async () => {
    const auth = { Authorization: `Bearer ${tokenFor('carla')}` };
    const body = { message_id: '00000000-0000-4000-8000-000000000000', rating: 'up' };
    await request(t.url).post('/api/chat/feedback').set(auth).send(body).expect(404);
    await request(t.url).post('/api/chat/feedback').set(auth).send(body).expect(404);
    const res = await request(t.url).post('/api/chat/feedback').set(auth).send(body);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
