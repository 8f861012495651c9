import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { HandledRedis } from './handled-redis';
import { RedisGate } from './redis-gate';
import { closeRedis, watchRedis } from './redis-watchdog';

/** Token of the shared ioredis client, or `null` when REDIS_URL is not set. */
export const REDIS_CLIENT = 'REDIS_CLIENT';

/**
 * Options chosen so a slow or dead Redis costs a request milliseconds, not seconds: no offline
 * queue (commands fail at once while disconnected), one retry, and a command timeout.
 */
export function createRedisClient(url: string, keyPrefix: string, logger?: Logger): Redis {
  // A command nobody awaits cannot become an unhandled rejection (see HandledRedis), here or on
  // a duplicate (the erasure subscriber).
  const client = new HandledRedis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    // Commands issued in the same tick (rate limits, lock, cache) share one round trip.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  const stopWatching = watchRedis(client, logger);
  client.once('end', stopWatching);
  let lastLog = 0;
  client.on('error', (err: Error) => {
    // A dead Redis emits an error on every reconnect attempt; log at most every 10 s.
    const now = Date.now();
    if (logger && now - lastLog > 10000) {
      lastLog = now;
      logger.warn(`Redis error: ${err.message}`);
    }
  });
  return client;
}

@Module({
  providers: [
    RedisGate,
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null =>
        config.redis
          ? createRedisClient(config.redis.url, config.redis.keyPrefix, new Logger('Redis'))
          : null,
    },
  ],
  exports: [REDIS_CLIENT, RedisGate],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await closeRedis(this.redis);
  }
}
