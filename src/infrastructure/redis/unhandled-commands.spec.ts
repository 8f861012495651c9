import { createAdapter } from '@socket.io/redis-streams-adapter';
import type Redis from 'ioredis';
import { createServer as createHttpServer } from 'node:http';
import { createServer, Server as NetServer, Socket } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { createRedisClient } from './redis.module';
import { closeRedis, WatchedRedis } from './redis-watchdog';

/*
 * A command nobody awaits (the streams adapter's SUBSCRIBE, ioredis' own re-SUBSCRIBE and SELECT
 * after a reconnect) waits in a client's queue while Redis is unreachable, and is rejected with
 * "Connection is closed." when the client closes. Nobody handling it makes it an unhandled
 * rejection, and Jest fails the test whose code created the client (it tracks rejections by
 * async context), even when the rejection comes while another test or a hook runs. These tests
 * pass only when no such rejection is left: they need no assertion for it.
 */

/** Lets Node report unhandled rejections (it does so after the microtask queue drains). */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** A "Redis" that accepts connections and never answers: commands stay queued until close. */
class SilentRedis {
  private readonly server: NetServer = createServer((s) => {
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
    // Reads (and drops) what clients send, so it sees them leave and closes its end too.
    s.resume();
  });
  private readonly sockets = new Set<Socket>();
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `redis://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Resolves once `n` clients are connected (so their commands are queued, not refused). */
  async connected(n: number): Promise<void> {
    while (this.sockets.size < n) await new Promise((r) => setTimeout(r, 5));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const DEAD = 'redis://127.0.0.1:1';

describe('Redis commands nobody awaits', () => {
  let silent: SilentRedis;
  /** Every client a test makes, closed after it (a duplicate's parent too). */
  let made: Redis[];
  const keep = <T extends Redis>(client: T): T => {
    made.push(client);
    return client;
  };
  beforeEach(async () => {
    made = [];
    silent = new SilentRedis();
    await silent.start();
  });
  afterEach(async () => {
    // Not those already closed: disconnecting one again leaves ioredis a 2 s timer behind.
    for (const c of made) if (c.status !== 'end') c.disconnect();
    await silent.stop();
  });

  /** The streams adapter on a Socket.IO server, closed in the order ChatIoAdapter closes it. */
  const adapterOn = (redis: WatchedRedis) => {
    const io = new IoServer(createHttpServer(), {
      adapter: createAdapter(redis, { blockTimeInMs: 200 }),
    });
    return async () => {
      await io.close();
      await redis.closeAll();
    };
  };

  it('the streams adapter’s SUBSCRIBE on a silent Redis is not an unhandled rejection at close', async () => {
    const redis = keep(new WatchedRedis(silent.url, 200));
    const close = adapterOn(redis);
    // The client, the XREAD reader and the SUBSCRIBE client.
    await silent.connected(3);
    await close();
    made = [];
    await settle();
  });

  it('the streams adapter’s SUBSCRIBE with Redis down is not an unhandled rejection at close, even mid-connect', async () => {
    const redis = keep(new WatchedRedis(DEAD, 200));
    const copies: Redis[] = [];
    const duplicate = redis.duplicate.bind(redis);
    redis.duplicate = (override) => {
      const copy = duplicate(override);
      copies.push(copy);
      return copy;
    };
    const close = adapterOn(redis);
    while (copies.length < 2) await new Promise((r) => setImmediate(r));
    // Closing while a copy is connecting (the socket still open) flushes its queue: the
    // moment that made the failure rare and timing-dependent.
    await new Promise((r) => copies[1].once('connecting', r));
    await close();
    made = [];
    await settle();
  });

  const clients: Array<[string, (url: string) => Redis]> = [
    ['the shared client', (url) => keep(createRedisClient(url, 'p:'))],
    [
      'a duplicate of the shared client with an offline queue (the erasure subscriber)',
      (url) => keep(keep(createRedisClient(url, 'p:')).duplicate({ enableOfflineQueue: true })),
    ],
    ['the streams adapter client', (url) => keep(new WatchedRedis(url, 200))],
    [
      'a duplicate of the streams adapter client',
      (url) => keep(keep(new WatchedRedis(url, 200)).duplicate()),
    ],
    [
      'a duplicate of a duplicate',
      (url) =>
        keep(
          keep(keep(createRedisClient(url, 'p:')).duplicate()).duplicate({
            enableOfflineQueue: true,
          }),
        ),
    ],
  ];

  it.each(clients)(
    '%s: a command nobody awaits is not an unhandled rejection when the client closes',
    async (_, make) => {
      const client = make(silent.url);
      client.on('error', () => undefined);
      await silent.connected(made.length);
      // Commands ioredis itself sends and drops after a reconnect. (Auto-pipelined commands of
      // the shared client return a promise made for their caller, and every caller awaits it.)
      void client.select(0);
      void client.subscribe('channel');
      await closeRedis(client);
      await settle();
    },
  );

  it.each(clients)('%s: a caller that awaits a command still gets its error', async (_, make) => {
    const client = make(silent.url);
    client.on('error', () => undefined);
    await silent.connected(made.length);
    const pending = client.set('key', 'value');
    client.disconnect();
    await expect(pending).rejects.toThrow();
  });
});
