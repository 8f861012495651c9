import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { rawSocketIo } from '../support/raw-wire';
import { connected, connectIo, connectWs, until } from '../support/sockets';

const deepArrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObjects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/**
 * A NUL character once reached PostgreSQL (503 storage_unavailable and an error log) and JSON
 * nested 30,000 deep overflowed the validators (500 with a stack trace). Both are bad input:
 * 400 invalid_input on every door, and nothing logged as an error.
 */
describe('NUL characters and deeply nested JSON, on every door (PostgreSQL)', () => {
  const logs = new PassThrough();
  let logText = '';
  let t: TestApp;
  let drop: () => Promise<void>;
  const token = tokenFor('bad-input');
  const auth = { Authorization: `Bearer ${token}` };

  beforeAll(async () => {
    logs.on('data', (c: Buffer) => (logText += c.toString()));
    const db = await createTestDatabase();
    drop = db.drop;
    t = await bootApp(testConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'info' }), {
      logStream: logs,
    });
  });
  afterAll(async () => {
    await t.close();
    await drop();
  });

  const errorLines = () =>
    logText
      .split('\n')
      .filter((l) => /"level":"(ERROR|FATAL)"/.test(l) || /\bat .+\.js:\d+/.test(l));

  it('answers 400 invalid_input to a NUL anywhere in a message (generated positions and texts)', async () => {
    const samples = fc.sample(
      fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.nat(3)),
      { numRuns: 150, seed: 13 },
    );
    for (const [pre, post, copies] of samples) {
      const message = `${pre}${'\u0000'.repeat(copies + 1)}${post}`;
      const res = await request(t.url).post('/api/chat/message').set(auth).send({ message });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_input');
    }
  });

  it.each([
    ['the streamed route', '/api/chat/message/stream', { message: 'hola\u0000' }],
    [
      'user_context',
      '/api/chat/message',
      { message: 'hola', user_context: { display_name: 'A\u0000' } },
    ],
    ['a key', '/api/chat/message', { message: 'hola', user_context: { 'x\u0000': 'y' } }],
    ['analyze-sentiment', '/api/chat/analyze-sentiment', { text: 'bien\u0000' }],
  ])('answers 400 to a NUL in %s', async (_what, path, body) => {
    const res = await request(t.url).post(path).set(auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
  });

  it.each([
    ['arrays 30,000 deep as the body', () => deepArrays(30_000)],
    ['objects 10,000 deep as the body (60 KB)', () => deepObjects(10_000)],
    [
      'arrays 30,000 deep in user_context',
      () => `{"message":"hola","user_context":{"x":${deepArrays(30_000)}}}`,
    ],
    ['objects 5,000 deep in the message field', () => `{"message":${deepObjects(5_000)}}`],
    ['arrays 40 deep', () => `{"message":"hola","user_context":{"x":${deepArrays(40)}}}`],
  ])('answers 400 without a stack trace to JSON with %s', async (_what, body) => {
    for (const path of [
      '/api/chat/message',
      '/api/chat/message/stream',
      '/api/chat/analyze-sentiment',
    ]) {
      const res = await request(t.url)
        .post(path)
        .set({ ...auth, 'content-type': 'application/json' })
        .send(body());
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_input');
      expect(JSON.stringify(res.body)).not.toMatch(/at .+:\d+|RangeError|stack/i);
    }
  });

  it('answers invalid_input on Socket.IO to a NUL and to deep nesting', async () => {
    const s = connectIo(t.url, token);
    await connected(s);
    const nul = await s.emitWithAck('send_message', { message: 'hola\u0000chau' });
    expect(nul).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    s.disconnect();

    // The real client cannot even encode these (it walks payloads recursively): raw packets.
    const raw = await rawSocketIo(t.port, token);
    raw.emit(
      `42/chat,1["send_message",{"message":"hola","user_context":{"x":${deepArrays(15_000)}}}]`,
    );
    raw.emit(`42/chat,2["get_history",${deepObjects(10_000)}]`);
    raw.emit(`42/chat,3["typing",${deepArrays(15_000)}]`);
    await until(
      () => raw.texts().filter((x) => /^43\/chat,[12]/.test(x)).length === 2,
      5000,
      'two acks',
    );
    for (const ack of raw.texts().filter((x) => x.startsWith('43/chat,'))) {
      expect(ack).toContain('"code":"invalid_input"');
    }
    await until(() => raw.texts().some((x) => x.startsWith('42/chat,["error"')), 5000, 'error');
    raw.close();
  });

  it('answers invalid_input on the plain WebSocket to a NUL and to deep nesting', async () => {
    const { ws, frames } = await connectWs(t.url, `/ws/chat/bad-input?token=${token}`);
    ws.send(JSON.stringify({ type: 'send_message', data: { message: 'hola\u0000' } }));
    ws.send(
      `{"type":"send_message","data":{"message":"hola","user_context":${deepArrays(30_000)}}}`,
    );
    ws.send(`{"type":${deepObjects(10_000)}}`);
    await until(() => frames.filter((f) => f.type === 'error').length >= 3, 5000, 'three errors');
    for (const f of frames.filter((x) => x.type === 'error'))
      expect(f.data.code).toBe('invalid_input');
    ws.close();
  });

  it('stored nothing and logged no error for any of it', async () => {
    const res = await request(t.url).get('/api/chat/history/bad-input').set(auth).expect(200);
    expect(res.body.messages).toEqual([]);
    expect(errorLines()).toEqual([]);
  });
});
