import { createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { bootApp } from '../support/app';
import { testConfig } from '../support/config';

/*
 * The whole app booted against a Redis that cannot serve it, then closed. A Redis command that
 * nobody awaits (the Socket.IO streams adapter's SUBSCRIBE was one) waits in a client's queue
 * and is rejected when the client closes; unhandled, Jest fails the test that booted the app.
 * That made the suites that boot with Redis down fail now and then in full runs. A Redis that
 * accepts connections and never answers makes it happen on every run.
 */

type Mode = 'silent' | 'dropping';

/** A TCP server standing in for Redis: `silent` never answers, `dropping` hangs up at once. */
async function fakeRedis(mode: Mode): Promise<{ url: string; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.resume();
    if (mode === 'dropping') setTimeout(() => s.destroy(), 10);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('closing the app while Redis cannot serve it leaves no unhandled rejection', () => {
  it.each(['silent', 'dropping', 'down'] as const)('Redis %s', async (mode) => {
    const fake = mode === 'down' ? null : await fakeRedis(mode);
    try {
      const t = await bootApp(testConfig({ REDIS_URL: fake?.url ?? 'redis://127.0.0.1:1' }));
      // A request through the rate limiter, which fails open to its in-process store.
      await request(t.url).get('/health').expect(200);
      await t.close();
      // Node reports an unhandled rejection once the microtask queue drains.
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await fake?.stop();
    }
  });
});
