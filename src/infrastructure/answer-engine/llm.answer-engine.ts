import { Logger } from '@nestjs/common';
import { AnswerEngine, AnswerRequest, AnswerResult } from '../../modules/chat/answer-engine';
import type { PromptBuilder } from '../../modules/chat/prompt/prompt.builder';
import { isAbortError, LlmClient } from '../../modules/llm/llm-client';
import type { MetricsService } from '../../modules/metrics/metrics.service';
import { MarketTools } from '../../modules/market/tools/market-tools';
import type { ToolDefinition } from '../../modules/market/tools/tool-definitions';
import { TOOL_INSTRUCTIONS } from '../../modules/market/tools/tool-instructions';
import { runToolLoop } from '../../modules/market/tools/tool-loop';
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
    private readonly tools: {
      run: MarketTools;
      definitions: ToolDefinition[];
      maxRounds: number;
    } | null = null,
  ) {
    super();
  }

  get model(): string {
    return this.llm.model;
  }

  async answer(req: AnswerRequest, onDelta: (text: string) => void): Promise<AnswerResult> {
    // Everything but the fixed system prompt goes through the masker.
    const built = this.prompts.build(req, req.mask);
    const withTools = this.tools !== null && this.tools.maxRounds > 0;
    const [system, ...rest] = built;
    const messages: typeof built = withTools
      ? [{ role: 'system', content: system.content + TOOL_INSTRUCTIONS }, ...rest]
      : built;
    req.onPrompt?.({ provider: 'openai', sha256: promptSha256(messages) });
    const timer = startAnswerTimer(this.metrics, 'openai');
    try {
      const forward = (delta: string) => {
        timer.delta();
        onDelta(delta);
      };
      if (!this.tools || !withTools) {
        const result = await this.llm.stream({ messages, signal: req.signal }, forward);
        timer.completed(result.usage);
        return {
          finishReason: result.finishReason === 'length' ? 'length' : 'stop',
          model: result.model,
          ...(result.usage ? { usage: result.usage } : {}),
        };
      }
      const tools = this.tools;
      const result = await runToolLoop({
        llm: this.llm,
        messages,
        tools: tools.definitions,
        maxRounds: tools.maxRounds,
        signal: req.signal,
        caller: req.caller ?? { userId: '', token: '' },
        run: (name, args, caller) => tools.run.run(name, args, caller),
        mask: req.mask,
        onDelta: forward,
        onTool: (tool, status) => {
          if (status !== 'started') this.metrics.toolCalls.inc({ tool, status });
          req.onTool?.(tool, status);
        },
      });
      timer.completed(result.usage);
      return {
        finishReason: result.finishReason,
        model: result.model,
        ...(result.usage ? { usage: result.usage } : {}),
        sources: result.sources,
        tools: result.audit,
        toolResults: result.outcomes.filter((o) => o.status === 'done').map((o) => o.result),
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
