/**
 * Port: a chat model reached over the OpenAI protocol. Only provided when an LLM is configured
 * (`LlmModule` gives `null` otherwise), so a caller that can do without one asks for it with
 * `@Optional()` semantics and falls back on its own.
 */

export interface LlmToolCall {
  /** The id the model gave the call; a `tool` message answers it with the same id. */
  id: string;
  name: string;
  /** The arguments as the model wrote them (JSON text, not yet validated). */
  arguments: string;
}

export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: LlmToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function the model may call (OpenAI function calling); `parameters` is a JSON schema. */
export interface LlmToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface LlmStreamRequest {
  messages: LlmMessage[];
  /** Aborting it must cancel the upstream HTTP request, so no more tokens are billed. */
  signal?: AbortSignal;
  maxTokens?: number;
  /** Offered to the model; its calls come back assembled in `LlmResult.toolCalls`. */
  tools?: LlmToolDefinition[];
}

export interface LlmCompleteRequest {
  messages: LlmMessage[];
  signal?: AbortSignal;
  maxTokens?: number;
  temperature?: number;
  /** Structured output: the answer must be JSON matching this schema. */
  jsonSchema?: { name: string; schema: Record<string, unknown>; strict?: boolean };
  /** `false` when the caller has its own fallback and would rather not wait for retries. */
  retry?: boolean;
}

export interface LlmResult {
  /** `length` when the answer hit max_tokens; `tool_calls` when the model asked for tools. */
  finishReason: 'stop' | 'length' | 'tool_calls';
  model: string;
  usage?: LlmUsage;
  /** The calls the model asked for in this round, assembled from the streamed deltas. */
  toolCalls?: LlmToolCall[];
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

export abstract class LlmClient {
  abstract readonly model: string;
  /**
   * Streams one round of the answer, handing each text delta to `onDelta`. Resolves when the
   * round is complete (with the tool calls the model asked for, if any); rejects with an
   * AbortError when `signal` aborts, or LlmUnavailableError on failure.
   */
  abstract stream(req: LlmStreamRequest, onDelta: (text: string) => void): Promise<LlmResult>;
  /** A short non-streamed completion (summaries, classification). */
  abstract complete(req: LlmCompleteRequest): Promise<{ text: string; usage?: LlmUsage }>;
}

export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'AbortError' || err.name === 'APIUserAbortError' || /aborted/i.test(err.message))
  );
}
