import type { KnowledgeHit, OfflineAnswerContext } from '../../modules/knowledge/knowledge.types';

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface LlmRequest {
  messages: LlmMessage[];
  /** Aborting it must cancel the upstream HTTP request, so no more tokens are billed. */
  signal?: AbortSignal;
  maxTokens?: number;
  /**
   * Structured view of the same request, for providers that do not read prompts (the offline
   * assistant): the question as the user wrote it (masked) and what is known about them.
   */
  question: string;
  context: OfflineAnswerContext;
  /** Passages retrieved for the question (the same ones that ground the prompt). */
  knowledge: KnowledgeHit[];
}

export interface SentimentJudgement {
  label: 'positive' | 'negative' | 'neutral';
  score: number;
  confidence: number;
}

export interface LlmResult {
  /** `length` when the answer hit max_tokens. */
  finishReason: 'stop' | 'length';
  model: string;
  usage?: LlmUsage;
  /** Answered by a fallback, not by the configured model. */
  degraded?: boolean;
}

/** The upstream failed (after the SDK's retries) or is not reachable. */
export class LlmUnavailableError extends Error {
  override readonly name = 'LlmUnavailableError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Port: a chat model that streams. Implementations are chosen from config (LlmModule). */
export abstract class LlmProvider {
  abstract readonly name: 'openai' | 'offline';
  abstract readonly model: string;

  /**
   * Streams the answer, handing each delta to `onDelta`. Resolves when the answer is complete;
   * rejects with an AbortError when `signal` aborts, or LlmUnavailableError on failure.
   */
  abstract stream(req: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult>;

  /** A short non-streamed completion (summaries). */
  abstract complete(req: LlmRequest): Promise<{ text: string; usage?: LlmUsage }>;

  /**
   * Classifies the writer's stance with a JSON schema, when the provider is a real model;
   * null when it cannot (the offline assistant).
   */
  classifySentiment(_text: string, _signal?: AbortSignal): Promise<SentimentJudgement | null> {
    return Promise.resolve(null);
  }
}

export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'AbortError' || err.name === 'APIUserAbortError' || /aborted/i.test(err.message))
  );
}
