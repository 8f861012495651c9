import { PassThrough } from 'node:stream';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo, connectWs, until, waitFor } from '../support/sockets';

const metricValue = (text: string, name: string, labels: Record<string, string> = {}): number => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(name) &&
        !l.startsWith('#') &&
        want.every((w) => l.includes(w)) &&
        /[ {]/.test(l[name.length]),
    );
  return line ? Number(line.split(' ').pop()) : NaN;
};

describe('operations: metrics and structured logs', () => {
  const llm = new FakeOpenAi();
  const logs = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  let t: TestApp;

  beforeAll(async () => {
    await llm.start();
    let buf = '';
    logs.on('data', (c: Buffer) => {
      buf += c.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
        buf = buf.slice(i + 1);
      }
    });
    t = await bootApp(
      testConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url, LOG_LEVEL: 'info' }),
      { logStream: logs },
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('exposes Prometheus metrics for HTTP, chat by door, the LLM, tokens, sockets, cache and rate limits', async () => {
    const auth = { Authorization: `Bearer ${tokenFor('m1')}` };
    llm.enqueue({ chunks: ['a ', 'b ', 'c'] });
    await request(t.url).post('/api/chat/message').set(auth).send({ message: 'hola' }).expect(200);
    await request(t.url).get('/api/chat/history/m1').set(auth).expect(200);
    await request(t.url).get('/api/chat/history/m1').set(auth).expect(200);
    const io = connectIo(t.url, tokenFor('m1'));
    await connected(io);
    const ws = await connectWs(t.url, `/ws/chat/m1?token=${tokenFor('m1')}`);
    await until(() => ws.frames.length > 0);
    llm.enqueue({ chunks: ['x ', 'y'] });
    await io.emitWithAck('send_message', { message: 'por socket' });
    await waitFor(io, 'message');

    const res = await request(t.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const m = res.text;
    expect(
      metricValue(m, 'http_request_duration_seconds_count', {
        route: '/api/chat/message',
        status_code: '200',
      }),
    ).toBe(1);
    expect(metricValue(m, 'chat_messages_total', { door: 'rest', outcome: 'completed' })).toBe(1);
    expect(metricValue(m, 'chat_messages_total', { door: 'socketio', outcome: 'completed' })).toBe(
      1,
    );
    expect(
      metricValue(m, 'llm_request_duration_seconds_count', { provider: 'openai', outcome: 'ok' }),
    ).toBe(2);
    expect(metricValue(m, 'llm_time_to_first_token_seconds_count', { provider: 'openai' })).toBe(2);
    expect(
      metricValue(m, 'llm_tokens_total', { provider: 'openai', direction: 'out' }),
    ).toBeGreaterThan(0);
    expect(
      metricValue(m, 'llm_tokens_total', { provider: 'openai', direction: 'in' }),
    ).toBeGreaterThan(0);
    expect(metricValue(m, 'socket_connections', { door: 'socketio' })).toBe(1);
    expect(metricValue(m, 'socket_connections', { door: 'ws' })).toBe(1);
    expect(metricValue(m, 'cache_lookups_total', { result: 'hit' })).toBeGreaterThan(0);
    expect(metricValue(m, 'cache_hit_ratio')).toBeGreaterThan(0);
    expect(m).toContain('rate_limit_rejections_total');
    expect(m).toContain('process_cpu_user_seconds_total');
    expect(m).toContain('nodejs_eventloop_lag_seconds');
    io.disconnect();
    ws.ws.close();
  });

  it('logs requests as JSON with the seed’s fields, a request id and the user id', async () => {
    await request(t.url)
      .get('/api/chat/history/m1')
      .set({ Authorization: `Bearer ${tokenFor('m1')}` })
      .set('X-Request-Id', 'req-abc-123');
    await until(() => lines.some((l) => l.req_id === 'req-abc-123'), 2000, 'the request log line');
    const line = lines.find((l) => l.req_id === 'req-abc-123')!;
    expect(line).toMatchObject({
      level: 'INFO',
      method: 'GET',
      url: '/api/chat/history/m1',
      status_code: 200,
      client_ip: expect.any(String),
      user_id: 'm1',
      process_time: expect.any(Number),
    });
    expect(line.message).toMatch(/^GET \/api\/chat\/history\/m1 - 200 - \d+\.\d{3}s$/);
    expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
  });
});

describe('operations: two instances sharing Redis and PostgreSQL', () => {
  const llm = new FakeOpenAi();
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    await llm.start();
    const db = await createTestDatabase();
    drop = db.drop;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `two-${Date.now()}:`,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: llm.url,
    };
    a = await bootApp(testConfig(env));
    b = await bootApp(testConfig({ ...env, DB_MIGRATIONS_RUN: 'false' }));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await llm.stop();
    await drop();
  });

  it('delivers an answer streamed on A to the user’s devices on B (Socket.IO and plain WebSocket)', async () => {
    llm.enqueue({ chunks: ['uno ', 'dos ', 'tres'], gapMs: 30 });
    const onA = connectIo(a.url, tokenFor('multi'));
    const onB = connectIo(b.url, tokenFor('multi'));
    await connected(onA);
    await connected(onB);
    const wsB = await connectWs(b.url, `/ws/chat/multi?token=${tokenFor('multi')}`);
    await new Promise((r) => setTimeout(r, 300));
    const ack = await onA.emitWithAck('send_message', { message: 'hola desde A' });
    const [mA, mB] = await Promise.all([
      waitFor(onA, 'message', 20000),
      waitFor(onB, 'message', 20000),
    ]);
    expect(mB.message_id).toBe(ack.message_id);
    expect(mB.response).toBe(mA.response);
    expect(
      onB.events
        .filter((e) => e.event === 'message_chunk')
        .map((e) => e.data.delta)
        .join(''),
    ).toBe('uno dos tres');
    await until(
      () => wsB.frames.some((f) => f.type === 'message'),
      5000,
      'the message on the plain socket of B',
    );
    onA.disconnect();
    onB.disconnect();
    wsB.ws.close();
  });

  it('stops on A a stream requested to stop on B, and refuses a second message on B while A streams', async () => {
    llm.enqueue({ chunks: Array.from({ length: 40 }, (_, i) => `t${i} `), gapMs: 100 });
    const onA = connectIo(a.url, tokenFor('stopper'));
    const onB = connectIo(b.url, tokenFor('stopper'));
    await connected(onA);
    await connected(onB);
    const ack = await onA.emitWithAck('send_message', { message: 'algo largo' });
    await until(() => onA.events.filter((e) => e.event === 'message_chunk').length >= 2);
    const busy = await onB.emitWithAck('send_message', { message: 'otra cosa' });
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy' } });
    const stopped = await onB.emitWithAck('stop_generation', { message_id: ack.message_id });
    expect(stopped).toEqual({ stopped: true, message_id: ack.message_id });
    const message = await waitFor(onA, 'message', 20000);
    expect(message.finish_reason).toBe('stopped');
    await until(() => llm.last.aborted, 3000, 'upstream abort');
    onA.disconnect();
    onB.disconnect();
  });
});
