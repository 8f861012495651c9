import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type Redis from 'ioredis';
import { LocalAdmissionStore } from '../../infrastructure/admission/local-admission.store';
import { RedisAdmissionStore } from '../../infrastructure/admission/redis-admission.store';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { RedisGate } from '../../infrastructure/redis/redis-gate';
import { REDIS_CLIENT, RedisModule } from '../../infrastructure/redis/redis.module';
import { AnswerLock } from '../chat/answer-lock';
import { MetricsModule } from '../metrics/metrics.module';
import { QuotaModule } from '../quota/quota.module';
import { TokenQuotaStore } from '../quota/token-quota.store';
import { AdmissionStore } from './admission-store';
import { AdmissionInterceptor } from './admission.interceptor';
import { AdmissionService } from './admission.service';
import { GeneralRateLimitGuard } from './general-rate-limit.guard';

/** The admission step of every door: rate limits (per IP and per user), quota and answer lock. */
@Module({
  imports: [RedisModule, CacheModule, QuotaModule, MetricsModule],
  providers: [
    {
      provide: AdmissionStore,
      inject: [REDIS_CLIENT, RedisGate, TokenQuotaStore, AnswerLock],
      useFactory: (
        redis: Redis | null,
        gate: RedisGate,
        quota: TokenQuotaStore,
        lock: AnswerLock,
      ): AdmissionStore => {
        const local = new LocalAdmissionStore(quota, lock);
        return redis ? new RedisAdmissionStore(redis, gate, local) : local;
      },
    },
    AdmissionService,
    AdmissionInterceptor,
    { provide: APP_GUARD, useClass: GeneralRateLimitGuard },
  ],
  exports: [AdmissionService, AdmissionInterceptor],
})
export class AdmissionModule {}
