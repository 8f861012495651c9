import type { MarketSnapshot } from './market-snapshot.sample';

/** Port: the market figures the assistant may quote, always with their date and source. */
export abstract class MarketDataProvider {
  abstract snapshot(): Promise<MarketSnapshot>;
}
