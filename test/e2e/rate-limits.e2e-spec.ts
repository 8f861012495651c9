import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, connectWs, waitFor } from '../support/sockets';

describe('rate limits', () => {
  const llm = new FakeOpenAi();
  const apps: TestApp[] = [];
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
  const bearer = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

  beforeAll(() => llm.start());
  afterAll(async () => {
    for (const t of apps) await t.close();
    await llm.stop();
  });

  it('shares the per-user chat budget between REST and sockets, answers 429 with Retry-After, and asks the LLM nothing more', async () => {
    const t = await boot({ RATE_LIMIT_CHAT_PER_MIN: '3' });
    await request(t.url)
      .post('/api/chat/message')
      .set(bearer('rl1'))
      .send({ message: 'uno' })
      .expect(200);
    await request(t.url)
      .post('/api/chat/message/stream')
      .set(bearer('rl1'))
      .send({ message: 'dos' })
      .expect(200);
    const s = connectIo(t.url, tokenFor('rl1'));
    await connected(s);
    expect((await s.emitWithAck('send_message', { message: 'tres' })).ok).toBe(true);
    await waitFor(s, 'message');
    const calls = llm.requests.length;
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(bearer('rl1'))
      .send({ message: 'cuatro' })
      .expect(429);
    expect(res.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    const nack = await s.emitWithAck('send_message', { message: 'cinco' });
    expect(nack).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retry_after: expect.any(Number) },
    });
    s.emit('send_message', { message: 'seis' });
    expect(await waitFor(s, 'error')).toMatchObject({
      code: 'rate_limited',
      retry_after: expect.any(Number),
    });
    expect(llm.requests.length).toBe(calls);
    const history = await request(t.url)
      .get('/api/chat/history/rl1')
      .set(bearer('rl1'))
      .expect(200);
    expect(history.body.messages.filter((m: { role: string }) => m.role === 'user')).toHaveLength(
      3,
    );
    // Another user has a budget of their own.
    await request(t.url)
      .post('/api/chat/message')
      .set(bearer('rl2'))
      .send({ message: 'hola' })
      .expect(200);
    s.disconnect();
  });

  it('limits history and summary reads per user', async () => {
    const t = await boot({ RATE_LIMIT_HISTORY_PER_MIN: '2' });
    await request(t.url).get('/api/chat/history/h1').set(bearer('h1')).expect(200);
    await request(t.url).get('/api/chat/summary/h1').set(bearer('h1')).expect(200);
    const res = await request(t.url).delete('/api/chat/history/h1').set(bearer('h1')).expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    await request(t.url).get('/api/chat/history/h2').set(bearer('h2')).expect(200);
  });

  it('limits the HTTP API per client IP, leaves health alone, and ignores a forged X-Forwarded-For', async () => {
    const t = await boot({ RATE_LIMIT_GENERAL_PER_MIN: '4' });
    for (let i = 0; i < 10; i++) await request(t.url).get('/health/live').expect(200);
    for (let i = 0; i < 4; i++) {
      await request(t.url)
        .post('/api/chat/analyze-sentiment')
        .set(bearer('g1'))
        .set('X-Forwarded-For', `10.0.0.${i}`)
        .send({ text: 'hola' })
        .expect(200);
    }
    await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(bearer('g2'))
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ text: 'hola' })
      .expect(429);
    await request(t.url).get('/health').expect(200);
  });

  it('takes the client IP from X-Forwarded-For behind a trusted proxy', async () => {
    const t = await boot({ RATE_LIMIT_GENERAL_PER_MIN: '2', TRUST_PROXY: 'true' });
    const hit = (ip: string) =>
      request(t.url)
        .post('/api/chat/analyze-sentiment')
        .set(bearer('p1'))
        .set('X-Forwarded-For', ip)
        .send({ text: 'hola' });
    expect((await hit('203.0.113.1')).status).toBe(200);
    expect((await hit('203.0.113.1')).status).toBe(200);
    expect((await hit('203.0.113.1')).status).toBe(429);
    expect((await hit('203.0.113.2')).status).toBe(200);
  });

  it('shares counters between two instances through Redis', async () => {
    const prefix = `rl-shared-${randomBytes(3).toString('hex')}:`;
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_CHAT_PER_MIN: '3',
    };
    const a = await boot(env);
    const b = await boot(env);
    await request(a.url)
      .post('/api/chat/message')
      .set(bearer('shared'))
      .send({ message: '1' })
      .expect(200);
    await request(a.url)
      .post('/api/chat/message')
      .set(bearer('shared'))
      .send({ message: '2' })
      .expect(200);
    await request(b.url)
      .post('/api/chat/message')
      .set(bearer('shared'))
      .send({ message: '3' })
      .expect(200);
    await request(b.url)
      .post('/api/chat/message')
      .set(bearer('shared'))
      .send({ message: '4' })
      .expect(429);
    await request(a.url)
      .post('/api/chat/message')
      .set(bearer('shared'))
      .send({ message: '5' })
      .expect(429);
  });

  it('fails open to an in-process limiter when Redis is unreachable: chat works and the limit still holds', async () => {
    const t = await boot({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_CHAT_PER_MIN: '2' });
    await request(t.url)
      .post('/api/chat/message')
      .set(bearer('nr'))
      .send({ message: '1' })
      .expect(200);
    await request(t.url)
      .post('/api/chat/message')
      .set(bearer('nr'))
      .send({ message: '2' })
      .expect(200);
    await request(t.url)
      .post('/api/chat/message')
      .set(bearer('nr'))
      .send({ message: '3' })
      .expect(429);
  });

  it('limits socket handshakes per IP and open sockets per user', async () => {
    const t = await boot({ RATE_LIMIT_HANDSHAKES_PER_MIN: '3', MAX_SOCKETS_PER_USER: '2' });
    const a = connectIo(t.url, tokenFor('sock'));
    const b = connectIo(t.url, tokenFor('sock'));
    await connected(a);
    await connected(b);
    const c = connectIo(t.url, tokenFor('sock'));
    expect((await waitFor<Error>(c, 'connect_error')).message).toBe('too_many_connections');
    const ws = await connectWs(t.url, `/ws/chat/sock?token=${tokenFor('sock')}`);
    expect(await ws.closed).toMatchObject({ code: 4429 });
    const d = connectIo(t.url, tokenFor('other'));
    expect((await waitFor<Error>(d, 'connect_error')).message).toBe('rate_limited');
    await expect(connectWs(t.url, `/ws/chat/other?token=${tokenFor('other')}`)).rejects.toThrow(
      /429/,
    );
    for (const s of [a, b, c, d]) s.disconnect();
  });
});
