import type { MetricsService } from '../../modules/metrics/metrics.service';
import type { LlmUsage } from '../../modules/llm/llm-client';

/** Times one answer for the LLM metrics (time to first token, duration, tokens). */
export function startAnswerTimer(metrics: MetricsService, provider: 'openai' | 'offline') {
  const t0 = performance.now();
  let first = true;
  const seconds = () => (performance.now() - t0) / 1000;
  return {
    /** Call on every delta: only the first is timed. */
    delta(): void {
      if (!first) return;
      first = false;
      metrics.llmTimeToFirstToken.observe({ provider }, seconds());
    },
    get started(): boolean {
      return !first;
    },
    completed(usage: LlmUsage | undefined): void {
      metrics.llmDuration.observe({ provider, outcome: 'ok' }, seconds());
      if (!usage) return;
      metrics.llmTokens.inc({ provider, direction: 'in' }, usage.prompt_tokens);
      metrics.llmTokens.inc({ provider, direction: 'out' }, usage.completion_tokens);
    },
  };
}
