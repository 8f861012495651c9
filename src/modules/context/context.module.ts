import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { HealthService } from '../health/health.service';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ContextService } from './context.service';
import {
  BackendMarketDataProvider,
  MarketDataProvider,
  SampleMarketDataProvider,
} from './market-data.provider';
import { ProfileClient } from './profile.client';

@Module({
  imports: [KnowledgeModule],
  providers: [
    ProfileClient,
    ContextService,
    {
      provide: MarketDataProvider,
      inject: [AppConfig, HotCache],
      useFactory: (config: AppConfig, cache: HotCache): MarketDataProvider =>
        config.mainBackend.url
          ? new BackendMarketDataProvider(config, cache)
          : new SampleMarketDataProvider(),
    },
  ],
  exports: [ContextService, ProfileClient],
})
export class ContextModule implements OnModuleInit {
  constructor(
    private readonly profiles: ProfileClient,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.registerProbe(this.profiles);
  }
}
