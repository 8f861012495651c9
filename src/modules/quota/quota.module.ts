import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { FailOpenTokenQuotaStore } from '../../infrastructure/quota/fail-open-token-quota.store';
import { MemoryTokenQuotaStore } from '../../infrastructure/quota/memory-token-quota.store';
import { RedisTokenQuotaStore } from '../../infrastructure/quota/redis-token-quota.store';
import { RedisGate } from '../../infrastructure/redis/redis-gate';
import { REDIS_CLIENT, RedisModule } from '../../infrastructure/redis/redis.module';
import { QuotaService } from './quota.service';
import { TokenQuotaStore } from './token-quota.store';

@Module({
  imports: [RedisModule],
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
  exports: [QuotaService, TokenQuotaStore],
})
export class QuotaModule {}
