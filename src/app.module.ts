import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { loadConfig } from './config/load-config';
import { AuthModule } from './common/auth/auth.module';
import { LoggingModule } from './common/logging/logging.module';
import { CacheModule } from './infrastructure/cache/cache.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { RedisModule } from './infrastructure/redis/redis.module';
import { AdmissionModule } from './modules/admission/admission.module';
import { AuditModule } from './modules/audit/audit.module';
import { ChatModule } from './modules/chat/chat.module';
import { DemoModule } from './modules/demo/demo.module';
import { FeedbackModule } from './modules/feedback/feedback.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { UsageModule } from './modules/quota/usage.module';
import { UserDataModule } from './modules/user-data/user-data.module';

@Module({})
export class AppModule {
  /** `config` lets tests boot the app on their own database, Redis prefix and fakes. */
  static forRoot(
    config?: AppConfig,
    opts: { logStream?: NodeJS.WritableStream } = {},
  ): DynamicModule {
    const settings = config ?? loadConfig();
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(settings),
        LoggingModule.forRoot(opts.logStream),
        MetricsModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        AuthModule,
        AdmissionModule,
        HealthModule,
        ChatModule,
        FeedbackModule,
        AuditModule,
        UsageModule,
        UserDataModule,
        RealtimeModule,
        DemoModule.forRoot(settings),
      ],
    };
  }
}
