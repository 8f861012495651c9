import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../cache/hot-cache';
import { MarketDataProvider } from '../../modules/context/market-data.provider';
import {
  MarketSnapshot,
  SAMPLE_MARKET_SNAPSHOT,
} from '../../modules/context/market-snapshot.sample';

const SNAPSHOT_TTL_S = 60;

/** The main backend's market snapshot; the sample when it does not answer. */
@Injectable()
export class BackendMarketDataProvider extends MarketDataProvider {
  private readonly logger = new Logger('BackendMarketDataProvider');

  constructor(
    private readonly config: AppConfig,
    private readonly cache: HotCache,
  ) {
    super();
  }

  async snapshot(): Promise<MarketSnapshot> {
    const cached = await this.cache.getJson<MarketSnapshot>('market:snapshot');
    if (cached) return cached;
    const url = `${this.config.mainBackend.url ?? ''}${this.config.mainBackend.marketPath}`;
    try {
      const res = await fetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.mainBackend.timeoutMs),
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const body = (await res.json()) as Partial<MarketSnapshot>;
      if (typeof body !== 'object' || body === null || typeof body.as_of !== 'string') {
        throw new Error('snapshot without as_of');
      }
      const snapshot: MarketSnapshot = {
        ...SAMPLE_MARKET_SNAPSHOT,
        ...body,
        source: typeof body.source === 'string' ? body.source : 'main backend',
        is_sample: false,
        note: typeof body.note === 'string' ? body.note : `Datos del ${body.as_of}`,
      };
      await this.cache.setJson('market:snapshot', snapshot, SNAPSHOT_TTL_S);
      return snapshot;
    } catch (err) {
      this.logger.warn(
        `market snapshot unavailable, using the sample: ${err instanceof Error ? err.message : 'error'}`,
      );
      return SAMPLE_MARKET_SNAPSHOT;
    }
  }
}
