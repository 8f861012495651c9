import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ChatOutcome = 'completed' | 'stopped' | 'failed' | 'busy' | 'replayed';

/**
 * The service's Prometheus metrics, in a registry of its own (several app instances can live in
 * one process, as in the tests).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({
    name: 'socket_connections',
    help: 'Open real-time connections on this instance, by door',
    labelNames: ['door'] as const,
    registers: [this.registry],
  });

  readonly chatMessages = new Counter({
    name: 'chat_messages_total',
    help: 'Chat messages by door (rest, sse, socketio, ws) and outcome',
    labelNames: ['door', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly llmDuration = new Histogram({
    name: 'llm_request_duration_seconds',
    help: 'Time from the LLM request to the end of its answer',
    labelNames: ['provider', 'outcome'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
    registers: [this.registry],
  });

  readonly llmRequests = new Counter({
    name: 'llm_requests_total',
    help: 'Requests to each configured model endpoint (primary, fallback) by outcome',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly llmTimeToFirstToken = new Histogram({
    name: 'llm_time_to_first_token_seconds',
    help: 'Time from the LLM request to the first streamed token',
    labelNames: ['provider'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15],
    registers: [this.registry],
  });

  readonly llmTokens = new Counter({
    name: 'llm_tokens_total',
    help: 'Tokens sent to (in) and received from (out) the LLM',
    labelNames: ['provider', 'direction'] as const,
    registers: [this.registry],
  });

  readonly feedback = new Counter({
    name: 'chat_feedback_total',
    help: 'Ratings of answers by users, by rating (up, down)',
    labelNames: ['rating'] as const,
    registers: [this.registry],
  });

  readonly unverifiedFigures = new Counter({
    name: 'chat_unverified_figures_total',
    help: 'Market figures in answers that matched no source (the figure guard)',
    registers: [this.registry],
  });

  readonly toolCalls = new Counter({
    name: 'chat_tool_calls_total',
    help: 'Tool calls made for answers, by tool and status (done, failed)',
    labelNames: ['tool', 'status'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by a rate limit, by bucket',
    labelNames: ['bucket'] as const,
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'cache_lookups_total',
    help: 'History cache lookups by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private hits = 0;
  private misses = 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const ratio = () => {
      const total = this.hits + this.misses;
      return total === 0 ? 0 : this.hits / total;
    };
    new Gauge({
      name: 'cache_hit_ratio',
      help: 'Share of history lookups served from the cache since start-up',
      registers: [this.registry],
      collect() {
        this.set(ratio());
      },
    });
  }

  cacheLookup(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
    this.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
