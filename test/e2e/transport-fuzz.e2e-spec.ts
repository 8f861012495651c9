import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, ChildApp, freePort, startChildApp } from '../support/child-app';
import { tokenFor } from '../support/jwt';
import { rawExchange, rawWebSocket, textFrame, upgradeRequest, wsFrame } from '../support/raw-wire';
import { connected, connectIo, connectWs, until } from '../support/sockets';

/**
 * Malformed traffic against a real process (node dist/main.js): each input must be answered or
 * closed, and the process must go on serving. FUZZ_RUNS raises the number of generated batches
 * (`npm run fuzz`); inside `npm test` it stays at a few seconds.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const BATCH = 20;
/** How long each connection is given to provoke something before the next batch. */
const LINGER_MS = 100;

describe('transport doors under malformed and random input (a real process)', () => {
  let app: ChildApp;
  let port: number;
  const token = tokenFor('fuzz-user');

  const alive = async (): Promise<void> => {
    expect(app.child.exitCode).toBeNull();
    const res = await fetch(`${app.url}/health/live`);
    expect(res.status).toBe(200);
  };
  /** The fixes must hold by themselves: the process-level handler never had to step in. */
  const noUncaught = () =>
    expect(app.output()).not.toMatch(/uncaught exception|unhandled promise/i);

  beforeAll(async () => {
    buildApp();
    port = await freePort();
    app = await startChildApp(port, {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-fuzz-')),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_CHAT_PER_MIN: '100000',
      RATE_LIMIT_HISTORY_PER_MIN: '100000',
      RATE_LIMIT_GENERAL_PER_MIN: '100000',
      RATE_LIMIT_HANDSHAKES_PER_MIN: '100000',
    });
  }, 120_000);

  afterAll(() => {
    if (app?.child.exitCode === null) app.child.kill('SIGKILL');
  });

  describe('the crashes found by the review', () => {
    it.each([
      ['a broken percent-escape in the user id', '/ws/chat/%ZZ', 400],
      ['a truncated escape', '/ws/chat/%E0%A4%A', 400],
      ['an absolute target that does not parse', 'http://[x/ws/chat/a', 400],
      ['an absolute target with a bad port', 'http://h:99999/ws/chat/a', 400],
      ['an unknown path', '/not-a-socket', 404],
      ['the root', '/', 404],
    ])('answers and closes an upgrade with %s', async (_what, target, status) => {
      const out = await rawExchange(port, [upgradeRequest(target)], 2000);
      expect(out.data.toString('latin1')).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(out.closed).toBe(true);
      await alive();
    });

    it('closes an unknown upgrade at once instead of leaving it open', async () => {
      const t0 = Date.now();
      const out = await rawExchange(port, [upgradeRequest('/elsewhere')], 3000);
      expect(out.closed).toBe(true);
      expect(Date.now() - t0).toBeLessThan(1500);
    });

    it.each([
      ['not valid UTF-8', () => textFrame(Buffer.from([0xff, 0xfe, 0x80, 0xc3]))],
      ['over the size cap', () => textFrame(Buffer.alloc(200_000, 0x61))],
      ['unmasked', () => wsFrame(1, Buffer.from('{}'), { mask: false })],
      ['with reserved bits set', () => wsFrame(1, Buffer.from('{}'), { rsv: 4 })],
      ['with an unknown opcode', () => wsFrame(3, Buffer.from('x'))],
      ['declaring a 2^63 length', () => wsFrame(1, Buffer.alloc(0), { declaredLength: 2n ** 63n })],
      ['a fragmented control frame', () => wsFrame(9, Buffer.from('p'), { fin: false })],
    ])('survives a frame %s, with a bad token and with a good one', async (_what, frame) => {
      for (const query of ['token=bad', `token=${token}`]) {
        const user = query === 'token=bad' ? 'someone' : 'fuzz-user';
        const ws = await rawWebSocket(port, `/ws/chat/${user}?${query}`);
        expect(ws.status).toBe(101);
        ws.socket.write(frame());
        await Promise.race([ws.closed, new Promise((r) => setTimeout(r, 1500))]);
        ws.socket.destroy();
        await alive();
      }
    });

    it('survives a client that resets the connection in the middle of a handshake', async () => {
      for (let i = 0; i < 30; i++) {
        await rawExchange(port, [upgradeRequest('/ws/chat/fuzz-user?token=x')], 200, {
          reset: true,
        });
        await rawExchange(port, [upgradeRequest('/socket.io/?EIO=4&transport=websocket')], 200, {
          reset: true,
        });
      }
      await alive();
    });

    it('needed no help from the process-level handler', () => noUncaught());
  });

  describe('generated traffic', () => {
    const printable = fc.string({ maxLength: 24 });
    const bytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
    const piece = fc.oneof(
      fc.constantFrom(
        '/ws/chat/',
        '/socket.io/',
        '/ws/',
        'http://',
        'ws://',
        '%',
        '%Z',
        '%E0',
        '%00',
      ),
      fc.constantFrom('[', ']', '?', '#', '//', ':', '@', '\\', '..', '*', '?token=', '&EIO=4'),
      fc.stringMatching(/^[\w.~-]{0,8}$/),
    );
    const target = fc.array(piece, { maxLength: 8 }).map((p) => p.join('') || '/');
    const header = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'Origin',
            'Authorization',
            'X-Forwarded-For',
            'Sec-WebSocket-Protocol',
            'Sec-WebSocket-Extensions',
            'Sec-WebSocket-Version',
            'Cookie',
          ),
          printable,
        )
        .map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
      bytes.map((b) => b.toString('latin1').replace(/[\r\n]/g, '')),
    );
    const upgradeCase = fc.record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'X'),
      target,
      headers: fc.array(header, { maxLength: 4 }),
      tail: fc.option(bytes),
      reset: fc.boolean(),
    });

    // JSON as text: the deep cases would overflow the test's own JSON.stringify.
    const json = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          type: fc.constantFrom(
            'send_message',
            'typing',
            'stop_generation',
            'get_history',
            'ping',
            'x',
          ),
          data: fc.jsonValue({ maxDepth: 3 }),
        })
        .map((v) => JSON.stringify(v)),
      fc
        .tuple(
          fc.constantFrom('send_message', 'typing', 'get_history', 'x'),
          fc.integer({ min: 1, max: 40_000 }),
        )
        .map(([type, n]) => `{"type":"${type}","data":${deep(n)}}`),
      fc.integer({ min: 1, max: 40_000 }).map((n) => `{"type":${deep(n)}}`),
    );
    const frameCase = fc.oneof(
      json.map((v) => textFrame(v)),
      bytes.map((b) => textFrame(b)),
      fc
        .record({
          opcode: fc.integer({ min: 0, max: 15 }),
          payload: bytes,
          fin: fc.boolean(),
          rsv: fc.integer({ min: 0, max: 7 }),
          mask: fc.boolean(),
        })
        .map(({ opcode, payload, ...o }) => wsFrame(opcode, payload, o)),
      bytes,
    );

    const ioPacket = fc.oneof(
      fc.constantFrom('2', '3', '4', '40/chat,', '41/chat,', '5', '6', '1', '0', '4{', '42/chat,['),
      json.map((v) => `42/chat,["send_message",${v}]`),
      fc
        .tuple(
          fc.constantFrom('send_message', 'typing', 'stop_generation', 'get_history', 'x', ''),
          json,
          fc.option(fc.nat(99)),
        )
        .map(([e, v, ack]) => `42/chat,${ack ?? ''}[${JSON.stringify(e)},${v}]`),
      printable.map((s) => `4${s}`),
      json.map((v) => `40/chat,${v}`),
      fc.integer({ min: 1, max: 40_000 }).map((n) => `42/chat,["get_history",${deep(n)}]`),
    );

    const runBatch = async <T>(cases: T[], one: (c: T) => Promise<unknown>): Promise<void> => {
      await Promise.all(cases.map(one));
      await alive();
    };

    it('upgrade requests with random targets, methods and headers over raw TCP', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(upgradeCase, { minLength: BATCH, maxLength: BATCH }), (cases) =>
          runBatch(cases, (c) =>
            rawExchange(
              port,
              [
                upgradeRequest(c.target, c.headers, { method: c.method }).replace(
                  /^[^\r]*\r\n/,
                  (l) => (/[\s]/.test(c.target) ? `${c.method} /x HTTP/1.1\r\n` : l),
                ),
                ...(c.tail ? [c.tail] : []),
              ],
              400,
              { reset: c.reset },
            ),
          ),
        ),
        { numRuns: RUNS },
      );
    });

    it('random frames on the plain WebSocket, authenticated or not', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.boolean(), fc.array(frameCase, { minLength: 1, maxLength: 4 })), {
            minLength: BATCH,
            maxLength: BATCH,
          }),
          (cases) =>
            runBatch(cases, async ([good, frames]) => {
              const ws = await rawWebSocket(
                port,
                good ? `/ws/chat/fuzz-user?token=${token}` : '/ws/chat/fuzz-user?token=bad',
              );
              for (const f of frames) ws.socket.write(f);
              await Promise.race([ws.closed, new Promise((r) => setTimeout(r, LINGER_MS))]);
              ws.socket.destroy();
            }),
        ),
        { numRuns: RUNS },
      );
    });

    it('random Engine.IO / Socket.IO packets over the Socket.IO WebSocket', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.boolean(), fc.array(ioPacket, { minLength: 1, maxLength: 4 })), {
            minLength: BATCH,
            maxLength: BATCH,
          }),
          (cases) =>
            runBatch(cases, async ([auth, packets]) => {
              const ws = await rawWebSocket(port, '/socket.io/?EIO=4&transport=websocket');
              if (auth) ws.socket.write(textFrame(`40/chat,${JSON.stringify({ token })}`));
              for (const p of packets) ws.socket.write(textFrame(p));
              await Promise.race([ws.closed, new Promise((r) => setTimeout(r, LINGER_MS))]);
              ws.socket.destroy();
            }),
        ),
        { numRuns: RUNS },
      );
    });

    it('random Socket.IO long-polling requests', async () => {
      const poll = fc.record({
        query: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')),
        body: fc.option(
          fc.oneof(
            ioPacket,
            bytes.map((b) => b.toString('latin1')),
          ),
        ),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(poll, { minLength: BATCH, maxLength: BATCH }), (cases) =>
          runBatch(cases, async (c) => {
            const url = `${app.url}/socket.io/?EIO=4&transport=polling${encodeURI(c.query).replace(/#/g, '%23')}`;
            await fetch(url, {
              method: c.body === null ? 'GET' : 'POST',
              body: c.body ?? undefined,
              signal: AbortSignal.timeout(1000),
            }).then(
              (r) => r.arrayBuffer(),
              () => undefined,
            );
          }),
        ),
        { numRuns: Math.max(5, Math.floor(RUNS / 2)) },
      );
    });

    it('still answers a normal chat on every door afterwards, with no uncaught error', async () => {
      await alive();
      const rest = await fetch(`${app.url}/api/chat/message`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokenFor('after')}`,
        },
        body: JSON.stringify({ message: '¿Qué es un CEDEAR?' }),
      });
      expect(rest.status).toBe(200);
      expect(((await rest.json()) as { response: string }).response).toMatch(/CEDEAR/i);

      const { ws, frames } = await connectWs(
        app.url,
        `/ws/chat/after-ws?token=${tokenFor('after-ws')}`,
      );
      ws.send(JSON.stringify({ type: 'send_message', data: { message: '¿Qué es el MERVAL?' } }));
      await until(() => frames.some((f) => f.type === 'message'), 10_000, 'plain WebSocket reply');
      ws.close();

      const s = connectIo(app.url, tokenFor('after-io'));
      await connected(s);
      const ack = await s.emitWithAck('send_message', { message: '¿Qué es un bono?' });
      expect(ack.ok).toBe(true);
      await until(() => s.events.some((e) => e.event === 'message'), 10_000, 'Socket.IO reply');
      s.disconnect();
      noUncaught();
    });
  });
});

function deep(n: number): string {
  return '['.repeat(n) + ']'.repeat(n);
}
