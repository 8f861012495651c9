import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AnswerLock } from '../../modules/chat/answer-lock';
import { RedisGate } from '../redis/redis-gate';
import { REDIS_CLIENT, RedisModule } from '../redis/redis.module';
import { HotCache } from './hot-cache';
import { KeyLock } from './key-lock';
import { MemoryHotCache } from './memory-hot-cache';
import { MemoryKeyLock } from './memory-key-lock';
import { RedisHotCache } from './redis-hot-cache';
import { RedisKeyLock } from './redis-key-lock';
import { UserAnswerLock } from './user-answer-lock';

/** The hot cache and the shared locks: on Redis with REDIS_URL, in process otherwise. */
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
      provide: KeyLock,
      inject: [REDIS_CLIENT, RedisGate],
      useFactory: (redis: Redis | null, gate: RedisGate): KeyLock =>
        redis ? new RedisKeyLock(redis, gate) : new MemoryKeyLock(),
    },
    {
      provide: AnswerLock,
      inject: [KeyLock],
      useFactory: (locks: KeyLock): AnswerLock => new UserAnswerLock(locks),
    },
  ],
  exports: [HotCache, KeyLock, AnswerLock],
})
export class CacheModule {}
