import { Injectable } from '@nestjs/common';
import { MarketDataProvider } from '../../modules/context/market-data.provider';
import {
  MarketSnapshot,
  SAMPLE_MARKET_SNAPSHOT,
} from '../../modules/context/market-snapshot.sample';

/** No market source configured: a bundled sample, clearly dated and marked as a sample. */
@Injectable()
export class SampleMarketDataProvider extends MarketDataProvider {
  snapshot(): Promise<MarketSnapshot> {
    return Promise.resolve(SAMPLE_MARKET_SNAPSHOT);
  }
}
