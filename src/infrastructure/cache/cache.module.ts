import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AnswerLock } from '../../modules/chat/answer-lock';
import { RedisGate } from '../redis/redis-gate';
import { REDIS_CLIENT, RedisModule } from '../redis/redis.module';
import { HotCache } from './hot-cache';
import { MemoryAnswerLock } from './memory-answer-lock';
import { MemoryHotCache } from './memory-hot-cache';
import { RedisAnswerLock } from './redis-answer-lock';
import { RedisHotCache } from './redis-hot-cache';

/** The hot cache and the answer lock: on Redis with REDIS_URL, in process otherwise. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: HotCache,
      inject: [REDIS_CLIENT, RedisGate],
      useFactory: (redis: Redis | null, gate: RedisGate): HotCache =>
        redis ? new RedisHotCache(redis, gate) : new MemoryHotCache(),
    },
    {
      provide: AnswerLock,
      inject: [REDIS_CLIENT, RedisGate],
      useFactory: (redis: Redis | null, gate: RedisGate): AnswerLock =>
        redis ? new RedisAnswerLock(redis, gate) : new MemoryAnswerLock(),
    },
  ],
  exports: [HotCache, AnswerLock],
})
export class CacheModule {}
