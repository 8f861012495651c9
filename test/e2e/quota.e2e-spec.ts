import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, connectWs, until } from '../support/sockets';

/** Seconds from now to the next UTC midnight. */
const toMidnight = () => {
  const now = Date.now();
  return (Math.floor(now / 86_400_000 + 1) * 86_400_000 - now) / 1000;
};

describe('per-user daily token quota', () => {
  const llm = new FakeOpenAi();
  const apps: TestApp[] = [];
  const auth = (u: string) => ({ Authorization: `Bearer ${tokenFor(u)}` });
  const boot = async (env: Record<string, string>) => {
    const t = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MAX_RETRIES: '0',
        ...env,
      }),
    );
    apps.push(t);
    return t;
  };
  const ask = (t: TestApp, user: string) =>
    request(t.url).post('/api/chat/message').set(auth(user)).send({ message: '¿Qué es un bono?' });

  beforeAll(() => llm.start());
  afterAll(async () => {
    for (const t of apps) await t.close();
    await llm.stop();
  });

  it('is shared by two instances through Redis: once spent, every door is refused before any LLM call', async () => {
    const prefix = `chat-test-quota-${randomBytes(4).toString('hex')}:`;
    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      QUOTA_TOKENS_PER_DAY: '100',
    };
    const a = await boot(shared);
    const b = await boot(shared);

    // The answer that crosses the limit completes; it is counted as the LLM reported it.
    const first = await ask(a, 'q1').expect(200);
    const spent = first.body.usage.total_tokens as number;
    expect(spent).toBeGreaterThan(100);
    // Recorded off the reply's path: read until it shows (at once, unless the machine is busy).
    let usage = await request(b.url).get('/api/chat/usage/q1').set(auth('q1')).expect(200);
    for (let i = 0; i < 50 && usage.body.messages === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      usage = await request(b.url).get('/api/chat/usage/q1').set(auth('q1')).expect(200);
    }
    expect(usage.body).toEqual({
      user_id: 'q1',
      period_start: `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`,
      tokens_used: spent,
      tokens_limit: 100,
      messages: 1,
    });

    const calls = llm.requests.length;
    const refused = await ask(b, 'q1').expect(429);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      error: 'quota_exceeded',
      code: 'quota_exceeded',
    });
    expect(refused.body.message).toMatch(/límite diario/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Math.abs(retryAfter - toMidnight())).toBeLessThan(5);
    await request(a.url)
      .post('/api/chat/message/stream')
      .set(auth('q1'))
      .send({ message: 'otra' })
      .expect(429);

    const s = connectIo(b.url, tokenFor('q1'));
    await connected(s);
    const ack = await s.emitWithAck('send_message', { message: 'y por socket?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    expect(Math.abs(ack.error.retry_after - toMidnight())).toBeLessThan(5);
    s.disconnect();

    const { ws, frames } = await connectWs(a.url, `/ws/chat/q1?token=${tokenFor('q1')}`);
    ws.send(JSON.stringify({ type: 'send_message', data: { message: 'y por websocket?' } }));
    await until(() => frames.some((f) => f.type === 'error'));
    expect(frames.find((f) => f.type === 'error')?.data).toMatchObject({ code: 'quota_exceeded' });
    ws.close();

    expect(llm.requests.length).toBe(calls);
    // Another user is not affected.
    await ask(a, 'q2').expect(200);
  });

  it('answers usage only for the token’s own user', async () => {
    const t = await boot({});
    await request(t.url).get('/api/chat/usage/someone-else').set(auth('q3')).expect(403);
    await request(t.url).get('/api/chat/usage/q3').expect(401);
    const res = await request(t.url).get('/api/chat/usage/q3').set(auth('q3')).expect(200);
    expect(res.body).toMatchObject({ tokens_used: 0, tokens_limit: null, messages: 0 });
  });

  it('fails open to counting in process when Redis is unreachable, and still refuses', async () => {
    const t = await boot({ REDIS_URL: 'redis://127.0.0.1:1', QUOTA_TOKENS_PER_DAY: '100' });
    await ask(t, 'q4').expect(200);
    const calls = llm.requests.length;
    await ask(t, 'q4').expect(429);
    expect(llm.requests.length).toBe(calls);
  });

  it('counts the offline assistant’s answers too', async () => {
    const t = await bootApp(testConfig({ QUOTA_TOKENS_PER_DAY: '1' }));
    apps.push(t);
    await request(t.url)
      .post('/api/chat/message')
      .set(auth('q5'))
      .send({ message: '¿Qué es un CEDEAR?' })
      .expect(200);
    const usage = await request(t.url).get('/api/chat/usage/q5').set(auth('q5')).expect(200);
    expect(usage.body.tokens_used).toBeGreaterThan(0);
    await request(t.url)
      .post('/api/chat/message')
      .set(auth('q5'))
      .send({ message: '¿Y un bono?' })
      .expect(429);
  });
});
