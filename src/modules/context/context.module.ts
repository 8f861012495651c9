import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { BackendMarketDataProvider } from '../../infrastructure/market-data/backend-market-data.provider';
import { SampleMarketDataProvider } from '../../infrastructure/market-data/sample-market-data.provider';
import { BackendProfileSource } from '../../infrastructure/profile/backend-profile.source';
import { NoProfileSource } from '../../infrastructure/profile/no-profile.source';
import { HealthModule } from '../health/health.module';
import { HealthService } from '../health/health.service';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ContextService } from './context.service';
import { MarketDataProvider } from './market-data.provider';
import { ProfileSource } from './profile-source';

/** The main backend's adapters when MAIN_BACKEND_URL is set, the embedded defaults otherwise. */
@Module({
  imports: [KnowledgeModule, CacheModule, HealthModule],
  providers: [
    ContextService,
    {
      provide: BackendProfileSource,
      inject: [AppConfig, HotCache],
      useFactory: (config: AppConfig, cache: HotCache): BackendProfileSource | null =>
        config.mainBackend.url ? new BackendProfileSource(config, cache) : null,
    },
    {
      provide: ProfileSource,
      inject: [BackendProfileSource],
      useFactory: (backend: BackendProfileSource | null): ProfileSource =>
        backend ?? new NoProfileSource(),
    },
    {
      provide: MarketDataProvider,
      inject: [AppConfig, HotCache],
      useFactory: (config: AppConfig, cache: HotCache): MarketDataProvider =>
        config.mainBackend.url
          ? new BackendMarketDataProvider(config, cache)
          : new SampleMarketDataProvider(),
    },
  ],
  exports: [ContextService],
})
export class ContextModule implements OnModuleInit {
  constructor(
    @Inject(BackendProfileSource) private readonly backend: BackendProfileSource | null,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    // The backend profile source doubles as the `main_backend` health probe.
    if (this.backend) this.health.registerProbe(this.backend);
  }
}
