import { MARKET_SOURCE_IDS, MarketSourceId } from './app-config';

/** Default: every public source, plus the main backend's snapshot when it is configured. */
export function parseMarketSources(raw: string | undefined, hasBackend: boolean): MarketSourceId[] {
  if (raw === undefined) {
    const publicSources: MarketSourceId[] = ['dolarapi', 'argentinadatos', 'bcra', 'data912'];
    return hasBackend ? [...publicSources, 'backend'] : publicSources;
  }
  if (raw.trim() === 'none') return [];
  const ids = raw.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !(MARKET_SOURCE_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new Error(
      `MARKET_SOURCES: unknown source ${unknown.join(', ')} (use ${MARKET_SOURCE_IDS.join(', ')} or none)`,
    );
  }
  return [...new Set(ids as MarketSourceId[])];
}
