import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { REDIS_CLIENT, RedisModule } from '../../infrastructure/redis/redis.module';
import { MetricsModule } from '../../modules/metrics/metrics.module';
import { GeneralRateLimitGuard } from './rate-limit.guards';
import { RATE_LIMIT_STORAGE, RateLimitService } from './rate-limit.service';

@Module({
  imports: [RedisModule, MetricsModule],
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis | null): ThrottlerStorage =>
        redis ? new ThrottlerStorageRedisService(redis) : new ThrottlerStorageService(),
    },
    RateLimitService,
    { provide: APP_GUARD, useClass: GeneralRateLimitGuard },
  ],
  exports: [RateLimitService],
})
export class RateLimitModule {}
