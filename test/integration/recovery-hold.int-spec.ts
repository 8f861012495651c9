import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Namespace, Server } from 'socket.io';
import { io as connect, Socket } from 'socket.io-client';
import { holdBroadcastsWhileRestoring } from '../../src/modules/realtime/recovery-hold';
import { TEST_REDIS_URL } from '../support/config';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

type Restore = (pid: string, offset: string) => Promise<unknown>;

/**
 * A Socket.IO server on the Redis streams adapter whose session restore lets a broadcast land
 * after the missed packets were read and before the restored socket rejoins its rooms — the
 * window a busy server hits by chance.
 */
async function serve(guarded: boolean) {
  const redis = new Redis(TEST_REDIS_URL);
  const stream = `recovery-hold-${randomBytes(4).toString('hex')}`;
  const streams = createAdapter(redis, {
    streamName: stream,
    sessionKeyPrefix: `${stream}:session:`,
    blockTimeInMs: 200,
  });
  const http = createServer();
  const io = new Server(http, {
    connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false },
  });
  const adapterFor = function (nsp: Namespace) {
    const adapter = streams(nsp) as unknown as { restoreSession: Restore };
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      // Stored before the missed packets are read: in the replay, and broadcast during it.
      io.to('room').emit('n', 'early');
      const session = await restore(pid, offset);
      io.to('room').emit('n', 'late');
      await sleep(150);
      return session;
    };
    return guarded ? holdBroadcastsWhileRestoring(adapter) : adapter;
  };
  io.adapter(adapterFor as unknown as Parameters<Server['adapter']>[0]);
  io.use((_socket, next) => next());
  io.on('connection', (socket) => void socket.join('room'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  await sleep(100); // the adapter's stream reader starts
  return {
    io,
    url,
    close: async () => {
      await io.close();
      await redis.del(stream);
      await redis.quit();
    },
  };
}

/** Connects, drops the transport, broadcasts while the client is away, lets it recover. */
async function dropAndRecover(guarded: boolean) {
  const server = await serve(guarded);
  const received: string[] = [];
  const client: Socket = connect(server.url, {
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 50,
  });
  try {
    client.on('n', (v: string) => received.push(v));
    await until(() => client.connected && server.io.of('/').adapter.rooms.get('room')?.size === 1);
    server.io.to('room').emit('n', 'before');
    await until(() => received.includes('before'));
    client.io.engine.close();
    await until(() => server.io.of('/').sockets.size === 0);
    server.io.to('room').emit('n', 'missed');
    await until(() => client.connected);
    await sleep(500);
    return { received, recovered: client.recovered };
  } finally {
    client.disconnect();
    await server.close();
  }
}

describe('session recovery on the Redis streams adapter', () => {
  it('loses a broadcast that lands while a session is restored, without the guard', async () => {
    const { received, recovered } = await dropAndRecover(false);
    expect(recovered).toBe(true);
    expect(received).toEqual(['before', 'missed', 'early']);
  });

  it('delivers it, once and in order, with the guard', async () => {
    const { received, recovered } = await dropAndRecover(true);
    expect(recovered).toBe(true);
    expect(received).toEqual(['before', 'missed', 'early', 'late']);
  });
});
