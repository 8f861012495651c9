import { Logger } from '@nestjs/common';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
} from 'cockatiel';
import {
  isAbortError,
  LlmClient,
  LlmCompleteRequest,
  LlmResult,
  LlmStreamRequest,
  LlmUnavailableError,
  LlmUsage,
} from '../../modules/llm/llm-client';
import type { MetricsService } from '../../modules/metrics/metrics.service';
import type { OpenAiLlmClient } from './openai.llm-client';

/** One endpoint in the failover order, with its own circuit breaker. */
export class LlmRoute {
  readonly breaker: CircuitBreakerPolicy;

  constructor(
    readonly client: OpenAiLlmClient,
    opts: { failures: number; resetMs: number },
    logger: Logger,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof LlmUnavailableError),
      { halfOpenAfter: opts.resetMs, breaker: new ConsecutiveBreaker(opts.failures) },
    );
    this.breaker.onBreak(() => logger.warn(`LLM circuit of ${client.name} opened: failing fast`));
    this.breaker.onReset(() => logger.log(`LLM circuit of ${client.name} closed again`));
  }

  get circuitOpen(): boolean {
    return this.breaker.state === CircuitState.Open;
  }
}

/**
 * The configured models in order — the primary, then the fallback — each behind its own circuit
 * breaker. A request goes to the next one when the previous failed before its first token
 * (after that endpoint's own retries) or has its circuit open; once text has streamed, a failure
 * is not retried elsewhere (the partial answer is kept). The result names the model that
 * answered.
 */
export class FailoverLlmClient extends LlmClient {
  private readonly logger = new Logger('FailoverLlmClient');

  constructor(
    readonly routes: LlmRoute[],
    private readonly metrics: MetricsService,
  ) {
    super();
    if (routes.length === 0) throw new Error('FailoverLlmClient needs at least one endpoint');
  }

  get model(): string {
    return this.routes[0].client.model;
  }

  async stream(req: LlmStreamRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    let started = false;
    return this.attempt(
      req.signal,
      (client) =>
        client.stream(req, (delta) => {
          started = true;
          onDelta(delta);
        }),
      () => started,
    );
  }

  complete(req: LlmCompleteRequest): Promise<{ text: string; usage?: LlmUsage }> {
    return this.attempt(
      req.signal,
      (client) => client.complete(req),
      () => false,
    );
  }

  private async attempt<T>(
    signal: AbortSignal | undefined,
    call: (client: OpenAiLlmClient) => Promise<T>,
    started: () => boolean,
  ): Promise<T> {
    let last: Error = new LlmUnavailableError('LLM failed', true);
    for (const [i, route] of this.routes.entries()) {
      const provider = route.client.name;
      try {
        const result = await route.breaker.execute(() => call(route.client));
        this.metrics.llmRequests.inc({ provider, outcome: 'ok' });
        return result;
      } catch (err) {
        if (isAbortError(err) || signal?.aborted) {
          this.metrics.llmRequests.inc({ provider, outcome: 'aborted' });
          throw err;
        }
        const open = err instanceof BrokenCircuitError;
        this.metrics.llmRequests.inc({ provider, outcome: open ? 'circuit_open' : 'failed' });
        last = open
          ? new LlmUnavailableError(`LLM circuit of ${provider} open`, true)
          : err instanceof Error
            ? err
            : new LlmUnavailableError('LLM failed', true);
        if (started()) throw last;
        const next = this.routes[i + 1];
        if (next) {
          this.logger.warn(
            `${provider} failed before its first token (${last.message}); trying ${next.client.name}`,
          );
        }
      }
    }
    throw last;
  }
}
