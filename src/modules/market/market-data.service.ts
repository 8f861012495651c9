import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  circuitBreaker,
  ConsecutiveBreaker,
  handleAll,
} from 'cockatiel';
import type { HotCache } from '../../infrastructure/cache/hot-cache';
import { KeyLock } from '../../infrastructure/cache/key-lock';
import { MarketSource, SourceShapeError } from './market-source';
import {
  FigureRequest,
  FigureResult,
  MarketSourceId,
  requestKey,
  SourceInfo,
} from './market.types';
import { SourceHealth, SourceStatus } from './source-health';
import { inSpan } from '../../infrastructure/tracing/spans';

/** A figure as the service hands it out: which source, when fetched, and whether it is stale. */
export interface Sourced<T> {
  data: T;
  source: SourceInfo;
  /** When this instance (or another) fetched it from the source. */
  fetched_at: string;
  /** True when the source failed and this is the last good value (under 24 h old). */
  stale: boolean;
}

interface CacheEntry<T> {
  data: T;
  fetched_at: number;
}

export interface MarketDataOptions {
  timeoutMs: number;
  liveTtlS: number;
  seriesTtlS: number;
  breakerFailures?: number;
  breakerResetMs?: number;
  /** The clock deciding freshness and the 24 h limit (tests move it). */
  now?: () => number;
}

/** Last good values are kept, and used when a source fails, for this long after their fetch. */
export const LAST_GOOD_MS = 24 * 3600_000;
const POLL_MS = 25;

/**
 * The market figures behind every source: a cache per figure shared through HotCache (Redis, or
 * in-process), one upstream request per key at a time (concurrent askers in this process share
 * one promise; other instances wait on a short lock in the shared cache and read what the holder
 * stored), a timeout and a circuit breaker per source, and the last good value for up to 24 h
 * when a source fails. Never throws: no figure is `null`.
 */
export class MarketDataService {
  private readonly logger = new Logger('MarketData');
  private readonly inflight = new Map<string, Promise<Sourced<unknown> | null>>();
  private readonly breakers = new Map<MarketSourceId, CircuitBreakerPolicy>();
  private readonly owner = randomUUID();
  private readonly now: () => number;
  readonly health: SourceHealth;
  /** Requests sent upstream, by source (the bench and the tests read it). */
  readonly upstreamRequests = new Map<MarketSourceId, number>();

  constructor(
    readonly sources: MarketSource[],
    private readonly cache: HotCache,
    private readonly lock: KeyLock,
    private readonly opts: MarketDataOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.health = new SourceHealth(sources.map((s) => s.info.id));
    for (const s of sources) {
      const breaker = circuitBreaker(handleAll, {
        halfOpenAfter: opts.breakerResetMs ?? 30_000,
        breaker: new ConsecutiveBreaker(opts.breakerFailures ?? 5),
      });
      const id = s.info.id;
      breaker.onBreak(() => {
        this.health.circuit(id, 'open');
        this.logger.warn({ source: id }, 'market source circuit opened: failing fast');
      });
      breaker.onHalfOpen(() => this.health.circuit(id, 'half_open'));
      breaker.onReset(() => this.health.circuit(id, 'closed'));
      this.breakers.set(id, breaker);
    }
  }

  /** True when at least one source is configured (MARKET_SOURCES is not `none`). */
  get live(): boolean {
    return this.sources.length > 0;
  }

  sourceStatuses(): Record<string, SourceStatus> {
    return this.health.snapshot();
  }

  /** The figure from the first source (in MARKET_SOURCES order) that can give it. */
  async get<R extends FigureRequest>(req: R): Promise<Sourced<FigureResult<R>> | null> {
    for (const source of this.sources) {
      if (!source.supports(req)) continue;
      const got = await this.fromSource(source, req);
      if (got) return got;
    }
    return null;
  }

  private ttlMs(req: FigureRequest): number {
    const live = req.kind === 'fx' || req.kind === 'quotes';
    return (live ? this.opts.liveTtlS : this.opts.seriesTtlS) * 1000;
  }

  private fromSource<R extends FigureRequest>(
    source: MarketSource,
    req: R,
  ): Promise<Sourced<FigureResult<R>> | null> {
    const key = `market:${source.info.id}:${requestKey(req)}`;
    const running = this.inflight.get(key);
    if (running) return running as Promise<Sourced<FigureResult<R>> | null>;
    const p = this.resolve(source, req, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async resolve<R extends FigureRequest>(
    source: MarketSource,
    req: R,
    key: string,
  ): Promise<Sourced<FigureResult<R>> | null> {
    type T = FigureResult<R>;
    const ttl = this.ttlMs(req);
    const cached = await this.cache.getJson<CacheEntry<T>>(key);
    if (cached && this.now() - cached.fetched_at < ttl) return this.sourced(source, cached, false);

    const lockKey = `${key}:lock`;
    const lockMs = this.opts.timeoutMs + 1000;
    if (!(await this.lock.acquire(lockKey, this.owner, lockMs))) {
      // Another instance is asking the source right now: wait for what it stores.
      const deadline = Date.now() + lockMs;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const next = await this.cache.getJson<CacheEntry<T>>(key);
        if (next && this.now() - next.fetched_at < ttl) return this.sourced(source, next, false);
      }
    }
    try {
      const data = await this.fetchUpstream(source, req);
      const entry: CacheEntry<T> = { data, fetched_at: this.now() };
      await this.cache.setJson(key, entry, LAST_GOOD_MS / 1000);
      return this.sourced(source, entry, false);
    } catch (err) {
      this.reportFailure(source.info.id, req, err);
      if (cached && this.now() - cached.fetched_at < LAST_GOOD_MS) {
        return this.sourced(source, cached, true);
      }
      return null;
    } finally {
      await this.lock.release(lockKey, this.owner);
    }
  }

  private async fetchUpstream<R extends FigureRequest>(
    source: MarketSource,
    req: R,
  ): Promise<FigureResult<R>> {
    const id = source.info.id;
    const breaker = this.breakers.get(id)!;
    const data = await breaker.execute(() => {
      this.upstreamRequests.set(id, (this.upstreamRequests.get(id) ?? 0) + 1);
      // One span per upstream fetch; its HTTP request (with traceparent) is the child.
      return inSpan(
        `market_source ${id}`,
        { 'market.source': id, 'market.figure': requestKey(req) },
        () => source.fetch(req, AbortSignal.timeout(this.opts.timeoutMs)),
      );
    });
    this.health.succeeded(id);
    return data;
  }

  private reportFailure(id: MarketSourceId, req: FigureRequest, err: unknown): void {
    if (err instanceof BrokenCircuitError) return;
    const kind = err instanceof SourceShapeError ? 'shape' : 'unavailable';
    const reason = `${kind}: ${err instanceof Error ? err.message : 'error'}`;
    this.health.failed(id, reason);
    const log = { source: id, figure: requestKey(req), reason };
    if (kind === 'shape') this.logger.error(log, 'market source answered with a changed shape');
    else this.logger.warn(log, 'market source failed');
  }

  private sourced<T>(source: MarketSource, entry: CacheEntry<T>, stale: boolean): Sourced<T> {
    return {
      data: entry.data,
      source: source.info,
      fetched_at: new Date(entry.fetched_at).toISOString(),
      stale,
    };
  }
}
