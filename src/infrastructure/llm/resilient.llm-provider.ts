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
  LlmProvider,
  LlmRequest,
  LlmResult,
  LlmUnavailableError,
  LlmUsage,
  SentimentJudgement,
} from './llm-provider';
import type { OpenAiLlmProvider } from './openai.llm-provider';

/**
 * Wraps the real LLM: a circuit breaker (after repeated failures, calls fail at once instead of
 * waiting for timeouts and retries) and, when configured, the offline assistant as a fallback
 * for answers that have not started streaming yet.
 */
export class ResilientLlmProvider extends LlmProvider {
  readonly name: LlmProvider['name'];
  readonly model: string;
  private readonly logger = new Logger('ResilientLlmProvider');
  readonly breaker: CircuitBreakerPolicy;

  constructor(
    readonly primary: OpenAiLlmProvider,
    private readonly fallback: LlmProvider | null,
    opts: { failures: number; resetMs: number },
  ) {
    super();
    this.name = primary.name;
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

  async stream(req: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    let started = false;
    try {
      return await this.breaker.execute(() =>
        this.primary.stream(req, (d) => {
          started = true;
          onDelta(d);
        }),
      );
    } catch (err) {
      if (isAbortError(err) || req.signal?.aborted) throw err;
      const failure = this.unavailable(err);
      if (started || !this.fallback) throw failure;
      this.logger.warn(`answering with the offline assistant: ${failure.message}`);
      return { ...(await this.fallback.stream(req, onDelta)), degraded: true };
    }
  }

  async complete(req: LlmRequest): Promise<{ text: string; usage?: LlmUsage }> {
    try {
      return await this.breaker.execute(() => this.primary.complete(req));
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  override async classifySentiment(
    text: string,
    signal?: AbortSignal,
  ): Promise<SentimentJudgement | null> {
    try {
      return await this.breaker.execute(() => this.primary.classifySentiment(text, signal));
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  private unavailable(err: unknown): Error {
    if (err instanceof BrokenCircuitError) return new LlmUnavailableError('LLM circuit open', true);
    return err instanceof Error ? err : new LlmUnavailableError('LLM failed', true);
  }
}
