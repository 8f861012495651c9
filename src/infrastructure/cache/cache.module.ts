import { Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisGate } from '../redis/redis-gate';
import { REDIS_CLIENT } from '../redis/redis.module';
import { HotCache } from './hot-cache';
import { MemoryHotCache } from './memory-hot-cache';
import { RedisHotCache } from './redis-hot-cache';

@Global()
@Module({
  providers: [
    {
      provide: HotCache,
      inject: [REDIS_CLIENT, RedisGate],
      useFactory: (redis: Redis | null, gate: RedisGate): HotCache =>
        redis ? new RedisHotCache(redis, gate) : new MemoryHotCache(),
    },
  ],
  exports: [HotCache],
})
export class CacheModule {}
