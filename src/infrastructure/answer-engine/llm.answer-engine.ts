import { Logger } from '@nestjs/common';
import { AnswerEngine, AnswerRequest, AnswerResult } from '../../modules/chat/answer-engine';
import type { PromptBuilder } from '../../modules/chat/prompt/prompt.builder';
import { isAbortError, LlmClient } from '../../modules/llm/llm-client';
import type { MetricsService } from '../../modules/metrics/metrics.service';
import { startAnswerTimer } from './engine-metrics';
import { promptSha256 } from '../../modules/audit/audit-record';

/**
 * Answers with the configured model: the prompt built from the context and history (every
 * string but the fixed system prompt masked), streamed through the LlmClient. With a fallback
 * (LLM_FALLBACK=offline), an answer that fails before its first delta is written by it instead.
 */
export class LlmAnswerEngine extends AnswerEngine {
  private readonly logger = new Logger('LlmAnswerEngine');

  constructor(
    private readonly llm: LlmClient,
    private readonly prompts: PromptBuilder,
    private readonly metrics: MetricsService,
    private readonly fallback: AnswerEngine | null,
  ) {
    super();
  }

  get model(): string {
    return this.llm.model;
  }

  async answer(req: AnswerRequest, onDelta: (text: string) => void): Promise<AnswerResult> {
    // Everything but the fixed system prompt goes through the masker.
    const messages = this.prompts.build(req, req.mask);
    req.onPrompt?.({ provider: 'openai', sha256: promptSha256(messages) });
    const timer = startAnswerTimer(this.metrics, 'openai');
    try {
      // Tool rounds (issue 15) go here: while the result asks for tools, run them and stream
      // the next round with their answers appended.
      const result = await this.llm.stream({ messages, signal: req.signal }, (delta) => {
        timer.delta();
        onDelta(delta);
      });
      timer.completed(result.usage);
      return {
        finishReason: result.finishReason === 'length' ? 'length' : 'stop',
        model: result.model,
        ...(result.usage ? { usage: result.usage } : {}),
      };
    } catch (err) {
      if (timer.started || !this.fallback || isAbortError(err) || req.signal.aborted) throw err;
      this.logger.warn(
        `answering with the offline assistant: ${err instanceof Error ? err.message : 'error'}`,
      );
      return { ...(await this.fallback.answer(req, onDelta)), degraded: true };
    }
  }
}
