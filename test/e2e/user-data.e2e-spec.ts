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

interface ExportBody {
  user_id: string;
  exported_at: string;
  conversations: {
    id: string;
    title: string | null;
    created_at: string;
    updated_at: string;
    messages: Record<string, unknown>[];
  }[];
}

describe.each(modes)('export and erasure of a user’s data ($name)', ({ setup }) => {
  let t: TestApp;
  let teardown: () => Promise<void>;
  const auth = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

  beforeAll(async () => {
    const s = await setup();
    teardown = s.teardown;
    t = await bootApp(testConfig(s.env));
  });
  afterAll(async () => {
    await t.close();
    await teardown();
  });

  async function ask(user: string, message: string, conversation_id?: string) {
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth(user))
      .send({ message, conversation_id, client_message_id: `cm-${Math.random()}` });
    expect(res.status).toBe(200);
    return res.body as { message_id: string; user_message_id: string; conversation_id: string };
  }

  it('exports every conversation and every field of every message, oldest first', async () => {
    const first = await ask('ana', '¿Qué es un CEDEAR?');
    await ask('ana', '¿Y el dólar MEP?', first.conversation_id);
    const second = await ask('ana', '¿Qué es el riesgo país?');
    await request(t.url)
      .post('/api/chat/feedback')
      .set(auth('ana'))
      .send({ message_id: second.message_id, rating: 'up', tags: ['claro'] })
      .expect(200);
    await ask('beto', 'Mensaje de otro usuario');

    const res = await request(t.url).get('/api/chat/export/ana').set(auth('ana')).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.body as ExportBody;
    expect(body.user_id).toBe('ana');
    expect(Date.parse(body.exported_at)).not.toBeNaN();
    expect(body.conversations.map((c) => c.id)).toEqual([
      first.conversation_id,
      second.conversation_id,
    ]);
    const [c1, c2] = body.conversations;
    expect(c1).toMatchObject({ title: '¿Qué es un CEDEAR?' });
    expect(Date.parse(c1.created_at)).toBeLessThanOrEqual(Date.parse(c1.updated_at));
    expect(c1.messages.map((m) => m.content)).toEqual([
      '¿Qué es un CEDEAR?',
      expect.any(String),
      '¿Y el dólar MEP?',
      expect.any(String),
    ]);
    const [question, answer] = c1.messages;
    expect(question).toMatchObject({
      id: first.user_message_id,
      conversation_id: first.conversation_id,
      role: 'user',
      sentiment: expect.objectContaining({ label: expect.any(String) }),
      client_message_id: expect.stringMatching(/^cm-/),
    });
    expect(answer).toMatchObject({
      id: first.message_id,
      role: 'assistant',
      finish_reason: 'stop',
      model: expect.any(String),
      reply_to: first.user_message_id,
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
    expect(c2.messages[1]).toMatchObject({
      id: second.message_id,
      feedback: { rating: 'up', tags: ['claro'] },
    });
    // Nothing of another user.
    expect(JSON.stringify(body)).not.toContain('otro usuario');
  });

  it('pages through conversations and messages without repeating or losing one', async () => {
    const memory = t.app.get(MemoryService);
    const conv = await memory.createConversation('pia', 'larga');
    for (let i = 0; i < 1101; i++) {
      await memory.append({
        conversation_id: conv.id,
        user_id: 'pia',
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `mensaje ${i}`,
        sentiment: null,
        prompt_tokens: null,
        completion_tokens: null,
        model: null,
        finish_reason: null,
        client_message_id: null,
        reply_to: null,
      });
    }
    const res = await request(t.url).get('/api/chat/export/pia').set(auth('pia')).expect(200);
    const body = res.body as ExportBody;
    expect(body.conversations).toHaveLength(1);
    expect(body.conversations[0].messages.map((m) => m.content)).toEqual(
      Array.from({ length: 1101 }, (_, i) => `mensaje ${i}`),
    );
  });

  it('refuses another user’s export with 403, and no token with 401', async () => {
    const res = await request(t.url).get('/api/chat/export/ana').set(auth('beto'));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    await request(t.url).get('/api/chat/export/ana').expect(401);
  });

  it('exports an empty list for a user without conversations', async () => {
    const res = await request(t.url).get('/api/chat/export/nadie').set(auth('nadie')).expect(200);
    expect(res.body).toMatchObject({ user_id: 'nadie', conversations: [] });
  });

  it('erases everything of the user: export empty, summary at 0, history empty', async () => {
    await ask('carla', '¿Conviene un plazo fijo?');
    await ask('carla', '¿Y un FCI money market?');
    await request(t.url).get('/api/chat/history/carla').set(auth('carla')).expect(200);
    const del = await request(t.url)
      .delete('/api/chat/history/carla')
      .set(auth('carla'))
      .expect(200);
    expect(del.body).toEqual({ user_id: 'carla', deleted: 4 });
    const exported = await request(t.url)
      .get('/api/chat/export/carla')
      .set(auth('carla'))
      .expect(200);
    expect(exported.body.conversations).toEqual([]);
    const summary = await request(t.url)
      .get('/api/chat/summary/carla')
      .set(auth('carla'))
      .expect(200);
    expect(summary.body.message_count).toBe(0);
    const history = await request(t.url)
      .get('/api/chat/history/carla')
      .set(auth('carla'))
      .expect(200);
    expect(history.body.messages).toEqual([]);
  });
});

describe('export rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp(testConfig({ RATE_LIMIT_HISTORY_PER_MIN: '2' }));
  });
  afterAll(() => t.close());

  it('counts against the history limit and answers 429 with Retry-After', async () => {
    const auth = { Authorization: `Bearer ${tokenFor('dani')}` };
    await request(t.url).get('/api/chat/export/dani').set(auth).expect(200);
    await request(t.url).get('/api/chat/export/dani').set(auth).expect(200);
    const res = await request(t.url).get('/api/chat/export/dani').set(auth);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
