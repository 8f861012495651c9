import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { KeyLock } from '../../infrastructure/cache/key-lock';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { RedisModule } from '../../infrastructure/redis/redis.module';
import { ArgentinaDatosSource } from '../../infrastructure/market-data/argentinadatos.source';
import { BackendPortfolioSource } from '../../infrastructure/market-data/backend-portfolio.source';
import { BackendSource } from '../../infrastructure/market-data/backend.source';
import { BcraSource } from '../../infrastructure/market-data/bcra.source';
import { Data912Source } from '../../infrastructure/market-data/data912.source';
import { DolarApiSource } from '../../infrastructure/market-data/dolarapi.source';
import { HealthModule } from '../health/health.module';
import { HealthService } from '../health/health.service';
import { MarketDataService } from './market-data.service';
import type { MarketSource } from './market-source';
import type { MarketSourceId } from './market.types';
import { PortfolioSource } from './portfolio-source';
import { MarketTools } from './tools/market-tools';

function buildSources(config: AppConfig): MarketSource[] {
  const { urls } = config.market;
  const backendUrl = config.mainBackend.url;
  const make: Record<MarketSourceId, () => MarketSource | null> = {
    dolarapi: () => new DolarApiSource(urls.dolarapi),
    argentinadatos: () => new ArgentinaDatosSource(urls.argentinadatos),
    bcra: () => new BcraSource(urls.bcra),
    data912: () => new Data912Source(urls.data912),
    backend: () =>
      backendUrl ? new BackendSource(`${backendUrl}${config.mainBackend.marketPath}`) : null,
  };
  return config.market.sources.map((id) => make[id]()).filter((s): s is MarketSource => s !== null);
}

/** Live market figures: the sources picked by MARKET_SOURCES and the tools built on them. */
@Module({
  imports: [RedisModule, CacheModule, HealthModule],
  providers: [
    {
      provide: MarketDataService,
      // The shared KeyLock: one instance asks a source while the others wait for its figure.
      inject: [AppConfig, HotCache, KeyLock],
      useFactory: (config: AppConfig, cache: HotCache, lock: KeyLock) =>
        new MarketDataService(buildSources(config), cache, lock, config.market),
    },
    {
      provide: PortfolioSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig): PortfolioSource | null =>
        config.mainBackend.url
          ? new BackendPortfolioSource(
              config.mainBackend.url,
              config.tools.portfolioPath,
              config.mainBackend.timeoutMs,
            )
          : null,
    },
    {
      provide: MarketTools,
      inject: [MarketDataService, PortfolioSource],
      useFactory: (market: MarketDataService, portfolios: PortfolioSource | null) =>
        new MarketTools(market, portfolios),
    },
  ],
  exports: [MarketDataService, MarketTools, PortfolioSource],
})
export class MarketModule implements OnModuleInit {
  private readonly logger = new Logger('MarketData');

  constructor(
    private readonly market: MarketDataService,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.registerDetail('market_sources', () => this.market.sourceStatuses());
    const ids = this.market.sources.map((s) => s.info.id);
    this.logger.log(
      ids.length > 0
        ? `market sources: ${ids.join(', ')}`
        : 'market sources: none (the dated sample only, never shown as live)',
    );
  }
}
