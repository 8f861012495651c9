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
  LlmClient,
  LlmCompleteRequest,
  LlmResult,
  LlmStreamRequest,
  LlmUnavailableError,
  LlmUsage,
} from '../../modules/llm/llm-client';
import type { OpenAiLlmClient } from './openai.llm-client';

/**
 * Wraps the real LLM in a circuit breaker: after repeated failures, calls fail at once instead
 * of waiting for timeouts and retries.
 */
export class ResilientLlmClient extends LlmClient {
  readonly model: string;
  private readonly logger = new Logger('ResilientLlmClient');
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    readonly primary: OpenAiLlmClient,
    opts: { failures: number; resetMs: number },
  ) {
    super();
    this.model = primary.model;
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof LlmUnavailableError),
      { halfOpenAfter: opts.resetMs, breaker: new ConsecutiveBreaker(opts.failures) },
    );
    this.breaker.onBreak(() => this.logger.warn('LLM circuit opened: failing fast'));
    this.breaker.onReset(() => this.logger.log('LLM circuit closed again'));
  }

  get circuitOpen(): boolean {
    return this.breaker.state === CircuitState.Open;
  }

  async stream(req: LlmStreamRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    try {
      return await this.breaker.execute(() => this.primary.stream(req, onDelta));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async complete(req: LlmCompleteRequest): Promise<{ text: string; usage?: LlmUsage }> {
    try {
      return await this.breaker.execute(() => this.primary.complete(req));
    } catch (err) {
      throw unavailable(err);
    }
  }
}

function unavailable(err: unknown): Error {
  if (err instanceof BrokenCircuitError) return new LlmUnavailableError('LLM circuit open', true);
  return err instanceof Error ? err : new LlmUnavailableError('LLM failed', true);
}
