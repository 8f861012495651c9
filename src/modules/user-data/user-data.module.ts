import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { AppConfig } from '../../config/app-config';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { KeyLock } from '../../infrastructure/cache/key-lock';
import { PgAdvisoryRunner } from '../../infrastructure/database/pg-advisory.runner';
import { TypeOrmUserDataStore } from '../../infrastructure/database/typeorm-user-data.store';
import {
  LocalErasureChannel,
  RedisErasureChannel,
} from '../../infrastructure/redis/redis-erasure.channel';
import {
  NoRealtimeTrail,
  RedisRealtimeTrail,
} from '../../infrastructure/redis/redis-realtime.trail';
import { REDIS_CLIENT, RedisModule } from '../../infrastructure/redis/redis.module';
import { ChatModule } from '../chat/chat.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { CacheLockRunner } from './cache-lock.runner';
import { ErasureChannel, RealtimeTrail } from './erasure-ports';
import { ErasureService } from './erasure.service';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';
import { RetentionSweeper } from './retention.sweeper';
import { ExclusiveRunner, UserDataStore } from './user-data-store';

/** The user's own data: export, complete erasure and retention. */
@Module({
  imports: [ChatModule, KnowledgeModule, AuthModule, AdmissionModule, CacheModule, RedisModule],
  controllers: [ExportController],
  providers: [
    ExportService,
    ErasureService,
    RetentionSweeper,
    { provide: UserDataStore, useClass: TypeOrmUserDataStore },
    {
      // PostgreSQL's advisory lock when there is one (released even if the process dies);
      // otherwise the shared locks (Redis; in process for a single instance).
      provide: ExclusiveRunner,
      inject: [AppConfig, getDataSourceToken(), KeyLock],
      useFactory: (config: AppConfig, ds: DataSource, locks: KeyLock): ExclusiveRunner =>
        config.database.kind === 'postgres'
          ? new PgAdvisoryRunner(ds)
          : new CacheLockRunner(locks, 15 * 60_000),
    },
    {
      provide: RealtimeTrail,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis | null): RealtimeTrail =>
        redis ? new RedisRealtimeTrail(redis) : new NoRealtimeTrail(),
    },
    {
      provide: ErasureChannel,
      inject: [REDIS_CLIENT, AppConfig],
      useFactory: (redis: Redis | null, config: AppConfig): ErasureChannel =>
        redis && config.redis
          ? new RedisErasureChannel(redis, config.redis.keyPrefix)
          : new LocalErasureChannel(),
    },
  ],
  exports: [ErasureService, RetentionSweeper],
})
export class UserDataModule {}
