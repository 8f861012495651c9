import type { FigureRequest, FigureResult, SourceInfo } from './market.types';

/** A source's answer did not have the shape its schema pins: the source changed, not the user. */
export class SourceShapeError extends Error {
  override readonly name = 'SourceShapeError';
}

/** The source answered with an HTTP error or could not be reached. */
export class SourceUnavailableError extends Error {
  override readonly name = 'SourceUnavailableError';
}

/**
 * Port: one public market-data source. `supports` says which questions it can answer; `fetch`
 * answers one, validated against the source's pinned schema (SourceShapeError otherwise).
 * Caching, single-flight, timeouts and the circuit breaker live in MarketDataService, so an
 * adapter is only the HTTP call and the mapping.
 */
export abstract class MarketSource {
  abstract readonly info: SourceInfo;
  abstract supports(req: FigureRequest): boolean;
  abstract fetch<R extends FigureRequest>(req: R, signal: AbortSignal): Promise<FigureResult<R>>;
}
