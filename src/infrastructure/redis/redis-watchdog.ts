import type { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import { HandledRedis } from './handled-redis';

const EVERY_MS = 5000;
const PING_TIMEOUT_MS = 1000;

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/**
 * ioredis reconnects when a connection closes, but not when it stays open and silent (a Redis
 * that accepts connections and never answers, a half-dead proxy). This pings periodically and,
 * after two failures in a row, drops the connection so the normal reconnect logic takes over.
 */
export function watchRedis(
  client: Redis,
  logger?: Logger,
  pingTimeoutMs = PING_TIMEOUT_MS,
): () => void {
  let failures = 0;
  const timer = setInterval(() => {
    if (client.status === 'reconnecting' || client.status === 'end') return;
    withTimeout(client.ping(), pingTimeoutMs).then(
      () => (failures = 0),
      () => {
        failures++;
        if (failures >= 2) {
          failures = 0;
          logger?.warn('Redis connection is silent: reconnecting');
          client.disconnect(true);
        }
      },
    );
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** QUIT, but never waits long for a Redis that does not answer. */
export async function closeRedis(client: Redis): Promise<void> {
  try {
    await withTimeout(client.quit(), 1000);
  } catch {
    client.disconnect();
  }
}

/**
 * A client whose duplicates are watched too: the Socket.IO streams adapter reads with a blocking
 * XREAD on a duplicate, which would otherwise stay stuck on a silent connection. Pings queue
 * behind that read (up to `blockMs`), so the duplicates get a longer ping timeout. Like every
 * client of the app, it and its duplicates handle the commands the adapter never awaits (its
 * SUBSCRIBE and session SET): see HandledRedis.
 */
export class WatchedRedis extends HandledRedis {
  constructor(
    url: string,
    private readonly blockMs: number,
  ) {
    super(url, { maxRetriesPerRequest: null });
    this.on('error', () => undefined);
    const stop = watchRedis(this);
    this.once('end', stop);
  }

  private readonly copies: Redis[] = [];

  /** Closes this client and every duplicate made from it. */
  async closeAll(): Promise<void> {
    await Promise.all([this, ...this.copies].map((c) => closeRedis(c)));
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const copy = super.duplicate(override);
    this.copies.push(copy);
    copy.on('error', () => undefined);
    const stop = watchRedis(copy, undefined, this.blockMs + 2000);
    copy.once('end', stop);
    return copy;
  }
}
