import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type WebSocket from 'ws';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { connectIo, connectWs } from '../support/sockets';

const CAP = 10;
const ATTEMPTS = 25;

/** Resolves true when the handshake was admitted (and stays open for a moment). */
function tryIo(url: string, user: string, open: Socket[]): Promise<boolean> {
  const s = connectIo(url, tokenFor(user));
  return new Promise((resolve) => {
    s.once('connect', () => {
      open.push(s);
      resolve(true);
    });
    s.once('connect_error', () => resolve(false));
  });
}

async function tryWs(url: string, user: string, open: WebSocket[]): Promise<boolean> {
  try {
    const { ws, closed } = await connectWs(url, `/ws/chat/${user}?token=${tokenFor(user)}`);
    const early = await Promise.race([
      closed.then((c) => c.code),
      new Promise<null>((r) => setTimeout(() => r(null), 300)),
    ]);
    if (early !== null) return false;
    open.push(ws);
    return true;
  } catch {
    return false;
  }
}

/**
 * The per-user cap was checked before an await and counted after it, so 25 concurrent
 * handshakes all connected where 10 were allowed. The slot is now taken synchronously, and
 * shared across instances through Redis.
 */
describe(`the per-user socket cap (${CAP}) under ${ATTEMPTS} concurrent handshakes`, () => {
  const apps: TestApp[] = [];
  const io: Socket[] = [];
  const ws: WebSocket[] = [];

  afterEach(async () => {
    for (const s of io.splice(0)) s.disconnect();
    for (const w of ws.splice(0)) w.close();
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  // Redis as in production: its round trip inside the handshake is the window the race needs.
  const boot = async (prefix = `chat-test-${randomBytes(4).toString('hex')}:`) => {
    const t = await bootApp(
      testConfig({
        MAX_SOCKETS_PER_USER: String(CAP),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
      }),
    );
    apps.push(t);
    return t;
  };

  it('admits exactly 10 of 25 concurrent Socket.IO handshakes on one instance', async () => {
    const t = await boot();
    const results = await Promise.all(
      Array.from({ length: ATTEMPTS }, () => tryIo(t.url, 'cap-io', io)),
    );
    expect(results.filter(Boolean)).toHaveLength(CAP);
  });

  it('admits exactly 10 of 25 concurrent handshakes mixed over Socket.IO and plain WebSocket', async () => {
    const t = await boot();
    const results = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        i % 2 ? tryIo(t.url, 'cap-mix', io) : tryWs(t.url, 'cap-mix', ws),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(CAP);
  });

  it('frees the slots when the sockets disconnect', async () => {
    const t = await boot();
    await Promise.all(Array.from({ length: CAP }, () => tryIo(t.url, 'cap-free', io)));
    expect(await tryIo(t.url, 'cap-free', io)).toBe(false);
    for (const s of io.splice(0, 3)) s.disconnect();
    for (const w of ws.splice(0)) w.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await Promise.all(Array.from({ length: 5 }, () => tryIo(t.url, 'cap-free', io)));
    expect(again.filter(Boolean)).toHaveLength(3);
  });

  it('admits 10 in total across two instances sharing Redis, and frees them on disconnect', async () => {
    const prefix = `chat-test-${randomBytes(4).toString('hex')}:`;
    const a = await boot(prefix);
    const b = await boot(prefix);
    const results = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        i % 3 === 0
          ? tryWs((i % 2 ? a : b).url, 'cap-two', ws)
          : tryIo((i % 2 ? a : b).url, 'cap-two', io),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(CAP);
    for (const s of io.splice(0)) s.disconnect();
    for (const w of ws.splice(0)) w.close();
    await new Promise((r) => setTimeout(r, 300));
    const again = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) => tryIo((i % 2 ? a : b).url, 'cap-two', io)),
    );
    expect(again.filter(Boolean)).toHaveLength(CAP);
  });
});
