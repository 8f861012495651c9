import Redis from 'ioredis';
import request from 'supertest';
import { MemoryService } from '../../src/modules/memory/memory.service';
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

describe.each(modes)('history REST on $name', ({ setup }) => {
  let t: TestApp;
  let memory: MemoryService;
  let teardown: () => Promise<void>;
  const auth = { Authorization: `Bearer ${tokenFor('ana')}` };

  beforeAll(async () => {
    const s = await setup();
    teardown = s.teardown;
    t = await bootApp(testConfig(s.env));
    memory = t.app.get(MemoryService);
  });
  afterAll(async () => {
    await t.close();
    await teardown();
  });

  async function seed(userId: string, n: number, conversationId?: string): Promise<string> {
    const conv = conversationId ?? (await memory.createConversation(userId, 'test')).id;
    for (let i = 0; i < n; i++) {
      await memory.append({
        conversation_id: conv,
        user_id: userId,
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `mensaje ${i}`,
        sentiment: i % 2 === 0 ? { label: 'neutral', score: 0, confidence: 0.5 } : null,
        prompt_tokens: null,
        completion_tokens: null,
        model: null,
        finish_reason: i % 2 === 0 ? null : 'stop',
        client_message_id: null,
        reply_to: null,
      });
    }
    return conv;
  }

  it('serves an empty history to a new user', async () => {
    const res = await request(t.url).get('/api/chat/history/ana').set(auth).expect(200);
    expect(res.body).toEqual({ user_id: 'ana', messages: [], count: 0 });
  });

  it('returns the newest `limit` messages, oldest first, in the contract’s shape', async () => {
    const conv = await seed('ana', 7);
    const res = await request(t.url).get('/api/chat/history/ana?limit=3').set(auth).expect(200);
    expect(res.body.count).toBe(3);
    expect(res.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'mensaje 4',
      'mensaje 5',
      'mensaje 6',
    ]);
    const [first, second] = res.body.messages;
    expect(first).toMatchObject({
      conversation_id: conv,
      role: 'user',
      sentiment: { label: 'neutral' },
    });
    expect(second).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    expect(new Date(first.timestamp).toISOString()).toBe(first.timestamp);
    expect(Object.keys(first).sort()).toEqual([
      'content',
      'conversation_id',
      'id',
      'role',
      'sentiment',
      'timestamp',
    ]);
  });

  it('defaults to 50 messages and accepts up to 200', async () => {
    await seed('ana', 60);
    const def = await request(t.url).get('/api/chat/history/ana').set(auth).expect(200);
    expect(def.body.count).toBe(50);
    const max = await request(t.url).get('/api/chat/history/ana?limit=200').set(auth).expect(200);
    expect(max.body.count).toBe(67);
  });

  it.each(['0', '201', 'abc', '1.5'])('rejects limit=%s with 400', async (limit) => {
    const res = await request(t.url)
      .get(`/api/chat/history/ana?limit=${limit}`)
      .set(auth)
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'invalid_input',
    });
  });

  it('rejects unknown query fields with 400', async () => {
    await request(t.url).get('/api/chat/history/ana?foo=1').set(auth).expect(400);
  });

  it('filters by conversation_id', async () => {
    const conv = await seed('ana', 3);
    const res = await request(t.url)
      .get(`/api/chat/history/ana?conversation_id=${conv}`)
      .set(auth)
      .expect(200);
    expect(res.body.count).toBe(3);
    expect(
      res.body.messages.every((m: { conversation_id: string }) => m.conversation_id === conv),
    ).toBe(true);
  });

  it('sees a message written after the cache was filled', async () => {
    await request(t.url).get('/api/chat/history/ana?limit=1').set(auth).expect(200);
    const conv = await seed('ana', 1);
    const res = await request(t.url).get('/api/chat/history/ana?limit=1').set(auth).expect(200);
    expect(res.body.messages[0].conversation_id).toBe(conv);
  });

  it('deletes one conversation, then everything, from the cache and the database', async () => {
    const conv = await seed('ana', 4);
    await request(t.url).get(`/api/chat/history/ana?conversation_id=${conv}`).set(auth).expect(200);
    const one = await request(t.url)
      .delete(`/api/chat/history/ana?conversation_id=${conv}`)
      .set(auth)
      .expect(200);
    expect(one.body).toEqual({ user_id: 'ana', deleted: 4 });
    // The conversation is gone: asking for it is a 404, like any unknown conversation.
    await request(t.url).get(`/api/chat/history/ana?conversation_id=${conv}`).set(auth).expect(404);

    const total = await memory.count('ana');
    const all = await request(t.url).delete('/api/chat/history/ana').set(auth).expect(200);
    expect(all.body.deleted).toBe(total);
    const empty = await request(t.url).get('/api/chat/history/ana').set(auth).expect(200);
    expect(empty.body.count).toBe(0);
    expect(await memory.count('ana')).toBe(0);
  });

  it('refuses a message to a conversation deleted meanwhile as not_found, not as an outage', async () => {
    const conv = await seed('racer', 2);
    await memory.deleteHistory('racer');
    await expect(
      memory.append(
        {
          conversation_id: conv,
          user_id: 'racer',
          role: 'assistant',
          content: 'respuesta tardía',
          sentiment: null,
          prompt_tokens: null,
          completion_tokens: null,
          model: null,
          finish_reason: 'stop',
          client_message_id: null,
          reply_to: null,
        },
        { touchConversation: true },
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await request(t.url).get('/health/ready').expect(200);
  });

  it('never shows one user’s messages to another', async () => {
    await seed('bruno', 2);
    const res = await request(t.url).get('/api/chat/history/ana').set(auth).expect(200);
    expect(
      res.body.messages.some((m: { content: string }) => m.content.startsWith('mensaje')),
    ).toBe(false);
  });

  it('still serves history from the database after the cache is flushed', async () => {
    await seed('carla', 5);
    const carla = { Authorization: `Bearer ${tokenFor('carla')}` };
    const before = await request(t.url).get('/api/chat/history/carla').set(carla).expect(200);
    if (t.config.redis) {
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${t.config.redis.keyPrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      await redis.quit();
    }
    const after = await request(t.url).get('/api/chat/history/carla').set(carla).expect(200);
    expect(after.body).toEqual(before.body);
  });
});
