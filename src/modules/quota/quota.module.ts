import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { FailOpenTokenQuotaStore } from '../../infrastructure/quota/fail-open-token-quota.store';
import { MemoryTokenQuotaStore } from '../../infrastructure/quota/memory-token-quota.store';
import { RedisTokenQuotaStore } from '../../infrastructure/quota/redis-token-quota.store';
import { AuthModule } from '../../common/auth/auth.module';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { RedisGate } from '../../infrastructure/redis/redis-gate';
import { REDIS_CLIENT, RedisModule } from '../../infrastructure/redis/redis.module';
import { QuotaService } from './quota.service';
import { TokenQuotaStore } from './token-quota.store';
import { UsageController } from './usage.controller';

@Module({
  imports: [RedisModule, AuthModule, RateLimitModule],
  controllers: [UsageController],
  providers: [
    {
      provide: TokenQuotaStore,
      inject: [REDIS_CLIENT, RedisGate],
      useFactory: (redis: Redis | null, gate: RedisGate): TokenQuotaStore =>
        redis
          ? new FailOpenTokenQuotaStore(
              new RedisTokenQuotaStore(redis),
              new MemoryTokenQuotaStore(),
              gate,
            )
          : new MemoryTokenQuotaStore(),
    },
    QuotaService,
  ],
  exports: [QuotaService],
})
export class QuotaModule {}
