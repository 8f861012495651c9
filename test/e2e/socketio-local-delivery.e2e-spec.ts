import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { bootApp, TestApp } from '../support/app';
import { endpointOf, TEST_REDIS_URL, testConfig, throughPort } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { FaultProxy } from '../support/fault-proxy';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo, until, waitFor } from '../support/sockets';

/** Added to each direction of instance A's Redis connections while it streams. */
const REDIS_LATENCY_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i} `);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** When each `message_chunk` reached the client, in arrival order. */
function chunkArrivals(s: Socket): { index: number; delta: string; at: number }[] {
  const seen: { index: number; delta: string; at: number }[] = [];
  s.on('message_chunk', (c: { index: number; delta: string }) =>
    seen.push({ index: c.index, delta: c.delta, at: performance.now() }),
  );
  return seen;
}

/**
 * Two instances sharing Redis and PostgreSQL; A's Redis link goes through a proxy that can slow
 * it. A chunk for a client connected to the instance generating the answer leaves at once, not
 * after the adapter's write to the Redis stream; the other instance still gets every chunk from
 * the stream, once and in order; and a client that drops recovers on either instance.
 */
describe('Socket.IO chunks on the generating instance, two instances over Redis', () => {
  const llm = new FakeOpenAi();
  const redis = endpointOf(TEST_REDIS_URL);
  const proxy = new FaultProxy(redis.host, redis.port);
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;
  const sockets: Socket[] = [];
  const open = async (t: TestApp, user: string, opts: Record<string, unknown> = {}) => {
    const s = connectIo(t.url, tokenFor(user), opts);
    sockets.push(s);
    await connected(s);
    return s;
  };

  beforeAll(async () => {
    await llm.start();
    await proxy.start();
    const db = await createTestDatabase();
    drop = db.drop;
    const env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `local-first-${Date.now()}:`,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MAX_RETRIES: '0',
    };
    a = await bootApp(testConfig({ ...env, REDIS_URL: throughPort(TEST_REDIS_URL, proxy.port) }));
    b = await bootApp(
      testConfig({ ...env, REDIS_URL: TEST_REDIS_URL, DB_MIGRATIONS_RUN: 'false' }),
    );
  });
  afterEach(() => {
    proxy.set('pass');
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await proxy.stop();
    await llm.stop();
    await drop();
  });

  it('sends each chunk to a client on A without waiting for Redis, and to B from the stream, once and in order', async () => {
    const n = 12;
    llm.enqueue({ chunks: words(n), gapMs: 60 });
    const onA = await open(a, 'lena');
    const onB = await open(b, 'lena');
    const seenA = chunkArrivals(onA);
    const seenB = chunkArrivals(onB);
    await sleep(300); // both instances' stream readers are running
    proxy.set('latency', { latencyMs: REDIS_LATENCY_MS });
    onA.emit('send_message', { message: 'Una respuesta en pedazos' });
    const [mA, mB] = await Promise.all([
      waitFor(onA, 'message', 20000),
      waitFor(onB, 'message', 20000),
    ]);
    expect(seenA.map((c) => c.index)).toEqual(range(n));
    expect(seenB.map((c) => c.index)).toEqual(range(n));
    expect(seenA.map((c) => c.delta).join('')).toBe(mA.response);
    expect(seenB.map((c) => c.delta).join('')).toBe(mB.response);
    // B reads a chunk from the stream once A's write has crossed the slow link (one delay); a
    // client on A that waited for that write's reply would get it a second delay later, after B.
    for (let i = 0; i < n; i++) expect(seenA[i].at).toBeLessThan(seenB[i].at);
  });

  it('recovers on B a client of A that dropped mid-answer: every chunk once, in order', async () => {
    const n = 30;
    llm.enqueue({ chunks: words(n), gapMs: 25 });
    const s = await open(a, 'mara', {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    const seen = chunkArrivals(s);
    s.emit('send_message', { message: 'Una respuesta para reconectar en otra instancia' });
    await until(() => seen.length >= 4);
    // The next connection goes to B (as after a failover); the session is recovered there.
    (s.io as unknown as { uri: string }).uri = b.url;
    const back = waitFor(s, 'connect');
    s.io.engine.close();
    await back;
    expect(s.recovered).toBe(true);
    const message = await waitFor(s, 'message', 10000);
    expect(seen.map((c) => c.index)).toEqual(range(n));
    expect(seen.map((c) => c.delta).join('')).toBe(message.response);
  });

  it('recovers on A itself too, with chunks broadcast while the session is restored', async () => {
    const n = 40;
    llm.enqueue({ chunks: words(n), gapMs: 10 });
    const s = await open(a, 'nico', {
      reconnection: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 20,
    });
    const seen = chunkArrivals(s);
    s.emit('send_message', { message: 'Otra respuesta para reconectar' });
    await until(() => seen.length >= 3);
    const back = waitFor(s, 'connect');
    s.io.engine.close();
    await back;
    expect(s.recovered).toBe(true);
    const message = await waitFor(s, 'message', 10000);
    expect(seen.map((c) => c.index)).toEqual(range(n));
    expect(seen.map((c) => c.delta).join('')).toBe(message.response);
  });
});
