import type { AppConfig } from '../../config/app-config';

/**
 * The longest an answer can take (every LLM attempt timing out, plus a margin): the answer
 * lock's lifetime, and the age after which an answer still "in flight" is known to be lost.
 */
export function answerDeadlineMs(config: AppConfig): number {
  return config.llm.timeoutMs * (config.llm.maxRetries + 1) + 5000;
}
