import request from 'supertest';
import { MemoryService } from '../../src/modules/memory/memory.service';
import { bootApp, TestApp } from '../support/app';
import { endpointOf, testConfig, TEST_REDIS_URL, throughPort } from '../support/config';
import { FakeBackend } from '../support/fake-backend';
import { FakeOpenAi } from '../support/fake-openai';
import { FaultProxy } from '../support/fault-proxy';
import { tokenFor } from '../support/jwt';
import { createTestDatabase, TEST_PG_ADMIN_URL } from '../support/postgres';
import { postSse } from '../support/sse';
import { connected, connectIo, until } from '../support/sockets';

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t0 };
};

describe('fault tolerance, with faults injected over real connections', () => {
  const llm = new FakeOpenAi();
  const backend = new FakeBackend();
  let pg: FaultProxy;
  let redis: FaultProxy;
  let llmProxy: FaultProxy;
  let backendProxy: FaultProxy;
  let t: TestApp;
  let drop: () => Promise<void>;
  let memory: MemoryService;
  const bearer = (u: string) => ({ Authorization: `Bearer ${tokenFor(u)}` });
  const send = (u: string, message: string, extra: Record<string, unknown> = {}) =>
    request(t.url)
      .post('/api/chat/message')
      .set(bearer(u))
      .send({ message, ...extra });

  beforeAll(async () => {
    await llm.start();
    await backend.start();
    const db = await createTestDatabase();
    drop = db.drop;
    // The real services wherever TEST_PG_ADMIN_URL and TEST_REDIS_URL put them.
    const pgAt = endpointOf(TEST_PG_ADMIN_URL);
    const redisAt = endpointOf(TEST_REDIS_URL);
    pg = new FaultProxy(pgAt.host, pgAt.port);
    redis = new FaultProxy(redisAt.host, redisAt.port);
    llmProxy = new FaultProxy('127.0.0.1', Number(new URL(llm.url).port));
    backendProxy = new FaultProxy('127.0.0.1', Number(new URL(backend.url).port));
    for (const p of [pg, redis, llmProxy, backendProxy]) await p.start();
    t = await bootApp(
      testConfig({
        DATABASE_URL: throughPort(db.url, pg.port),
        REDIS_URL: throughPort(TEST_REDIS_URL, redis.port),
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: `http://127.0.0.1:${llmProxy.port}/v1`,
        OPENAI_TIMEOUT_MS: '1000',
        OPENAI_MAX_RETRIES: '1',
        LLM_BREAKER_FAILURES: '3',
        LLM_BREAKER_RESET_MS: '1500',
        MAIN_BACKEND_URL: `http://127.0.0.1:${backendProxy.port}`,
        MAIN_BACKEND_TIMEOUT_MS: '400',
      }),
    );
    memory = t.app.get(MemoryService);
  });
  afterEach(() => {
    for (const p of [pg, redis, llmProxy, backendProxy]) p.set('pass');
  });
  afterAll(async () => {
    await t.close();
    for (const p of [pg, redis, llmProxy, backendProxy]) await p.stop();
    await llm.stop();
    await backend.stop();
    await drop();
  });

  const health = async () =>
    (await request(t.url).get('/health')).body as {
      status: string;
      services: Record<string, string>;
    };

  it('keeps chat and history working from the database when Redis is down, and recovers by itself', async () => {
    redis.set('refuse', { cut: true });
    for (let i = 0; i < 3; i++) {
      const { value, ms } = await timed(() => send('r-down', `mensaje ${i}`));
      expect(value.status).toBe(200);
      expect(ms).toBeLessThan(5000);
    }
    const history = await request(t.url)
      .get('/api/chat/history/r-down')
      .set(bearer('r-down'))
      .expect(200);
    expect(history.body.count).toBe(6);
    expect(await memory.count('r-down')).toBe(6);
    expect((await health()).services.redis).toBe('unhealthy');
    expect((await health()).status).toBe('degraded');
    await request(t.url).get('/health/ready').expect(200);
    redis.set('pass');
    const t0 = Date.now();
    while ((await health()).services.redis !== 'healthy') {
      if (Date.now() - t0 > 12000) throw new Error('Redis did not recover');
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  it('treats a Redis that accepts connections but never answers like a Redis that is down', async () => {
    redis.set('hang', { cut: true });
    for (let i = 0; i < 3; i++) {
      const { value, ms } = await timed(() => send('r-hang', `hola ${i}`));
      expect(value.status).toBe(200);
      expect(ms).toBeLessThan(6000);
    }
    expect(await memory.count('r-hang')).toBe(6);
    await request(t.url).get('/health/ready').expect(200);
    // The silent connections stay open: the watchdog must drop them for Redis to come back.
    redis.set('pass');
    const t0 = Date.now();
    while ((await health()).services.redis !== 'healthy') {
      if (Date.now() - t0 > 20000)
        throw new Error('Redis did not recover from the silent connection');
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 40_000);

  it('answers 503 before any LLM call when PostgreSQL is down, turns not-ready, and recovers', async () => {
    pg.set('refuse', { cut: true });
    const calls = llm.requests.length;
    const res = await send('pg-down', 'hola');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'storage_unavailable' });
    expect(llm.requests.length).toBe(calls);
    await request(t.url).get('/health/ready').expect(503);
    expect((await health()).status).toBe('unhealthy');
    await request(t.url).get('/health/live').expect(200);
    pg.set('pass');
    const t0 = Date.now();
    while ((await request(t.url).get('/health/ready')).status !== 200) {
      if (Date.now() - t0 > 12000) throw new Error('PostgreSQL did not come back');
      await new Promise((r) => setTimeout(r, 300));
    }
    await send('pg-down', 'hola de nuevo').expect(200);
  });

  it('answers without personalisation after a short timeout when the main backend is slow', async () => {
    backend.profiles.set('slow-backend', { risk_profile: 'agresivo' });
    backendProxy.set('latency', { latencyMs: 3000, cut: true });
    const { value, ms } = await timed(() => send('slow-backend', '¿Qué es la caución?'));
    expect(value.status).toBe(200);
    expect(ms).toBeLessThan(2800);
    expect(llm.last.body.messages[1].content).toMatch(/sin datos de perfil/);
    const h = await health();
    expect(h.services.main_backend).toBe('unhealthy');
    expect(h.status).toBe('degraded');
  });

  it('retries a 429 honouring retry-after', async () => {
    llm.enqueue({ status: 429, retryAfterS: 1 }, { text: 'Ahora sí.' });
    const calls = llm.requests.length;
    const { value, ms } = await timed(() => send('rate-429', 'hola'));
    expect(value.status).toBe(200);
    expect(value.body.response).toBe('Ahora sí.');
    expect(llm.requests.length - calls).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a model that hangs after its timeout and one retry', async () => {
    llm.enqueue({ hang: true }, { hang: true });
    const { value, ms } = await timed(() => send('llm-hang', 'hola'));
    expect(value.status).toBe(503);
    expect(value.body.code).toBe('assistant_unavailable');
    expect(ms).toBeLessThan(6000);
    await new Promise((r) => setTimeout(r, 1600)); // let the breaker settle before the next test
  });

  it('opens the circuit after repeated failures (fast 503, no LLM call) and closes it again', async () => {
    // A success first: the breaker counts consecutive failures.
    llm.enqueue({ text: 'ok' });
    await send('cb-warm', 'hola').expect(200);
    llm.enqueue(...Array.from({ length: 6 }, () => ({ status: 500 }))); // 3 messages × (1 + 1 retry)
    for (let i = 0; i < 3; i++) expect((await send(`cb-${i}`, 'hola')).status).toBe(503);
    const calls = llm.requests.length;
    const { value, ms } = await timed(() => send('cb-open', 'hola'));
    expect(value.status).toBe(503);
    expect(ms).toBeLessThan(2000);
    expect(llm.requests.length).toBe(calls);
    expect((await health()).services.openai).toBe('unhealthy');
    await new Promise((r) => setTimeout(r, 1700));
    llm.enqueue({ text: 'De vuelta.' });
    expect((await send('cb-back', 'hola')).body.response).toBe('De vuelta.');
  });

  it('saves the partial answer once, with finish_reason "error", when the LLM connection is cut mid-stream', async () => {
    llm.enqueue({ chunks: Array.from({ length: 50 }, (_, i) => `p${i} `), gapMs: 30 });
    let cut = false;
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: 'cortá el cable' },
      tokenFor('cut'),
      (e) => {
        if (e.event === 'chunk' && !cut) {
          cut = true;
          setTimeout(() => llmProxy.cutAll(), 100);
        }
      },
    );
    const err = events.find((e) => e.event === 'error');
    expect(err?.data.code).toBe('assistant_unavailable');
    const history = await request(t.url)
      .get('/api/chat/history/cut')
      .set(bearer('cut'))
      .expect(200);
    expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
    const partial = history.body.messages[1];
    expect(partial.finish_reason).toBe('error');
    expect(partial.content).toBe(
      events
        .filter((e) => e.event === 'chunk')
        .map((e) => e.data.delta)
        .join(''),
    );
    expect(await memory.count('cut')).toBe(2);
  });

  it('delivers at least once over sockets: ack timeouts and retries store one message and one answer', async () => {
    pg.set('latency', { latencyMs: 100, cut: true });
    llm.enqueue({ text: 'Una sola respuesta.' });
    // Every database round trip takes 200 ms, so the first tries time out; a retry that comes
    // in after the answer is stored is answered from the replies kept in memory.
    const s = connectIo(t.url, tokenFor('retrier'), { ackTimeout: 400, retries: 60 });
    await connected(s);
    const ack = await s.emitWithAck('send_message', {
      message: 'Mandalo una vez',
      client_message_id: 'once-1',
    });
    expect(ack.ok).toBe(true);
    await until(() => s.events.some((e) => e.event === 'message'), 10000, 'the answer');
    pg.set('pass');
    const all = await memory.all('retrier');
    expect(all.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(all.filter((m) => m.role === 'assistant')).toHaveLength(1);
    s.disconnect();
  }, 40000);
});

describe('fault tolerance: the offline assistant as the LLM fallback', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;

  beforeAll(async () => {
    await llm.start();
    t = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MAX_RETRIES: '0',
        LLM_FALLBACK: 'offline',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('answers with the offline assistant, marked degraded, when the model fails', async () => {
    llm.enqueue({ status: 503 });
    const res = await request(t.url)
      .post('/api/chat/message')
      .set({ Authorization: `Bearer ${tokenFor('fb')}` })
      .send({ message: '¿Qué es un CEDEAR?' })
      .expect(200);
    expect(res.body).toMatchObject({
      degraded: true,
      model: 'offline-assistant',
      finish_reason: 'stop',
    });
    expect(res.body.response).toMatch(/CEDEAR/);
  });
});
