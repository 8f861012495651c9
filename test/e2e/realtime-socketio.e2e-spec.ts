import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { signJwt, tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo, until, waitFor } from '../support/sockets';

describe('Socket.IO namespace /chat', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;
  let drop: () => Promise<void>;
  const sockets: ReturnType<typeof connectIo>[] = [];
  const open = async (user: string, opts: Record<string, unknown> = {}) => {
    const s = connectIo(t.url, tokenFor(user), opts);
    sockets.push(s);
    await connected(s);
    return s;
  };
  const words = (n: number) => Array.from({ length: n }, (_, i) => `p${i} `);

  beforeAll(async () => {
    await llm.start();
    const db = await createTestDatabase();
    drop = db.drop;
    t = await bootApp(
      testConfig({
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MAX_RETRIES: '0',
      }),
    );
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
    await drop();
  });

  it('refuses a bad token with connect_error "unauthorized"', async () => {
    for (const token of [undefined, 'garbage', signJwt({ sub: 'x', iat: 1, exp: 2 })]) {
      const s = connectIo(t.url, token);
      sockets.push(s);
      const err = await waitFor<Error>(s, 'connect_error');
      expect(err.message).toBe('unauthorized');
    }
  });

  it('accepts the token in the query string or the Authorization header too', async () => {
    const q = connectIo(t.url, undefined, { query: { token: tokenFor('q') } });
    const h = connectIo(t.url, undefined, {
      extraHeaders: { Authorization: `Bearer ${tokenFor('h')}` },
    });
    sockets.push(q, h);
    // Either may be greeted first: listen on both before waiting.
    const [hq, hh] = await Promise.all([
      waitFor(q, 'connection_established'),
      waitFor(h, 'connection_established'),
    ]);
    expect(hq.user_id).toBe('q');
    expect(hh.user_id).toBe('h');
  });

  it('greets with connection_established', async () => {
    const s = connectIo(t.url, tokenFor('ana'));
    sockets.push(s);
    const hello = await waitFor(s, 'connection_established');
    expect(hello).toEqual({
      user_id: 'ana',
      session_id: expect.any(String),
      server_time: expect.any(String),
    });
  });

  it('streams an answer: ack with the id, typing brackets the chunks, chunks join to the message', async () => {
    llm.enqueue({ chunks: words(8), gapMs: 5 });
    const s = await open('ana');
    const ack = await s.emitWithAck('send_message', { message: '¿Cómo está el MERVAL hoy?' });
    expect(ack).toEqual({
      ok: true,
      message_id: expect.any(String),
      conversation_id: expect.any(String),
    });
    const message = await waitFor(s, 'message');
    expect(message).toMatchObject({
      role: 'assistant',
      finish_reason: 'stop',
      message_id: ack.message_id,
      conversation_id: ack.conversation_id,
    });
    await until(() => s.events.filter((e) => e.event === 'typing').length >= 2);
    const seq = s.events.map((e) => e.event).filter((e) => e !== 'connection_established');
    expect(seq[0]).toBe('typing');
    expect(seq.indexOf('message_chunk')).toBeGreaterThan(0);
    expect(seq.slice(-2)).toEqual(['typing', 'message']);
    expect(s.events.filter((e) => e.event === 'typing').map((e) => e.data)).toEqual([
      { is_typing: true, actor: 'assistant' },
      { is_typing: false, actor: 'assistant' },
    ]);
    const chunks = s.events.filter((e) => e.event === 'message_chunk').map((e) => e.data);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(chunks.every((c) => c.message_id === ack.message_id)).toBe(true);
    expect(chunks.map((c) => c.delta).join('')).toBe(message.response);
  });

  it('sends every event of an exchange to all of the user’s devices, and relays typing to the others', async () => {
    llm.enqueue({ chunks: words(5) });
    const phone = await open('bea');
    const laptop = await open('bea');
    const stranger = await open('carlos');
    phone.emit('typing', { is_typing: true });
    expect(await waitFor(laptop, 'typing')).toEqual({ is_typing: true, actor: 'user' });
    phone.emit('send_message', { message: 'Hola desde el teléfono' });
    const [a, b] = await Promise.all([waitFor(phone, 'message'), waitFor(laptop, 'message')]);
    expect(b.message_id).toBe(a.message_id);
    expect(laptop.events.filter((e) => e.event === 'message_chunk')).toHaveLength(5);
    expect(phone.events.some((e) => e.event === 'typing' && e.data.actor === 'user')).toBe(false);
    expect(stranger.events.filter((e) => e.event !== 'connection_established')).toEqual([]);
  });

  it('stops a stream quickly, keeps the partial answer and aborts the upstream request', async () => {
    llm.enqueue({ chunks: words(100), gapMs: 30 });
    const s = await open('dani');
    const ack = await s.emitWithAck('send_message', { message: 'Contame una historia larga' });
    await until(() => s.events.filter((e) => e.event === 'message_chunk').length >= 3);
    const t0 = Date.now();
    const stopped = await s.emitWithAck('stop_generation', { message_id: ack.message_id });
    expect(stopped).toEqual({ stopped: true, message_id: ack.message_id });
    const message = await waitFor(s, 'message');
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(message.finish_reason).toBe('stopped');
    expect(message.response.length).toBeGreaterThan(0);
    await until(() => llm.last.aborted, 2000, 'upstream abort');
    expect(llm.last.chunksSent).toBeLessThan(100);
    const history = await s.emitWithAck('get_history', { conversation_id: ack.conversation_id });
    expect(history.messages[1]).toMatchObject({
      id: ack.message_id,
      finish_reason: 'stopped',
      content: message.response,
    });
  });

  it('answers a second message while one streams with a busy error', async () => {
    llm.enqueue({ chunks: words(20), gapMs: 20 });
    const s = await open('eli');
    await s.emitWithAck('send_message', { message: 'Primera' });
    const second = await s.emitWithAck('send_message', { message: 'Segunda' });
    expect(second).toEqual({ ok: false, error: { code: 'busy', message: expect.any(String) } });
    await waitFor(s, 'message');
  });

  it('reports bad input as an error (ack or event) and keeps the socket connected', async () => {
    const s = await open('fede');
    const bad = await s.emitWithAck('send_message', { message: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknown = await s.emitWithAck('send_message', { message: 'hola', hack: 1 });
    expect(unknown.error.message).toMatch(/hack/);
    s.emit('send_message', 'not an object');
    expect(await waitFor(s, 'error')).toMatchObject({ code: 'invalid_input' });
    s.emit('typing', { is_typing: 'yes' });
    expect(await waitFor(s, 'error')).toMatchObject({ code: 'invalid_input' });
    const foreign = await s.emitWithAck('get_history', {
      conversation_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.error).toMatchObject({ code: 'not_found' });
    expect(s.connected).toBe(true);
  });

  it('fits a 4,000-character message but drops a 1 MB payload', async () => {
    llm.enqueue({ text: 'ok' });
    const s = await open('gabi');
    const ack = await s.emitWithAck('send_message', { message: 'a'.repeat(4000) });
    expect(ack.ok).toBe(true);
    await waitFor(s, 'message');
    const gone = waitFor(s, 'disconnect');
    s.emit('send_message', { message: 'b'.repeat(1024 * 1024) });
    await gone;
  });

  it('serves history through get_history', async () => {
    const s = await open('ana');
    const res = await s.emitWithAck('get_history', { limit: 2 });
    expect(res.messages).toHaveLength(2);
    expect(res.messages[1].role).toBe('assistant');
    const rest = await request(t.url)
      .get('/api/chat/history/ana?limit=2')
      .set({ Authorization: `Bearer ${tokenFor('ana')}` });
    expect(rest.body.messages).toEqual(res.messages);
  });

  it('recovers missed chunks after a short drop', async () => {
    llm.enqueue({ chunks: words(30), gapMs: 25 });
    const s = await open('hugo', {
      reconnection: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    s.emit('send_message', { message: 'Una respuesta para reconectar' });
    await until(() => s.events.filter((e) => e.event === 'message_chunk').length >= 4);
    const dropped = waitFor(s, 'disconnect');
    const back = waitFor(s, 'connect');
    s.io.engine.close();
    await dropped;
    await back;
    expect(s.recovered).toBe(true);
    const message = await waitFor(s, 'message', 5000);
    const chunks = s.events.filter((e) => e.event === 'message_chunk').map((e) => e.data);
    expect(chunks.map((c) => c.index)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(chunks.map((c) => c.delta).join('')).toBe(message.response);
  });

  it('disconnects a socket when its token expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    const s = connectIo(t.url, signJwt({ sub: 'ivan', iat: now, exp: now + 1 }), {});
    sockets.push(s);
    await connected(s);
    const err = await waitFor(s, 'error', 35_000);
    expect(err.code).toBe('unauthorized');
    await until(() => !s.connected, 2000);
  }, 40_000);
});
