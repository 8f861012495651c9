import type { AnswerSource, AuditToolCall } from '../../infrastructure/database/records';
import type { LlmUsage } from '../llm/llm-client';
import type { AssembledContext } from '../context/context.service';
import type { ChatMessage } from '../memory/chat-message';
import type { SentimentLabel } from '../sentiment/sentiment.types';

export interface AnswerRequest {
  /** The user's message as written (identifiers not yet masked). */
  question: string;
  sentiment: SentimentLabel;
  /** The emotions the analyzer detected in the message, when it reports them. */
  emotions?: Record<string, number>;
  context: AssembledContext;
  /** Earlier turns that fit the budget, oldest first. */
  history: ChatMessage[];
  /** Rolling summary of the turns that no longer fit. */
  summary: string | null;
  /**
   * Masks identifiers in text that leaves for a model; the caller restores the placeholders in
   * the answer, so engines never see the vault.
   */
  mask: (text: string) => string;
  signal: AbortSignal;
  /** Who asks: tools that read the user's own data (the portfolio) forward their token. */
  caller?: { userId: string; token: string };
  /** A tool the answer needs started or ended. */
  onTool?: (tool: string, status: 'started' | 'done' | 'failed') => void;
  /**
   * Told what is about to be sent, before the answer streams (again by a fallback that takes
   * over): the audit trail keeps who answered and a hash of the prompt, never its text.
   */
  onPrompt?: (prompt: PromptRecord) => void;
}

export interface PromptRecord {
  /** `openai` (any OpenAI-compatible server) or `offline` (the knowledge engine). */
  provider: string;
  /** SHA-256 of every message sent, masked as it was sent. */
  sha256: string;
}

export interface AnswerResult {
  /** `length` when the answer hit the token limit. */
  finishReason: 'stop' | 'length';
  model: string;
  usage?: LlmUsage;
  /** Answered by a fallback, not by the configured model. */
  degraded?: boolean;
  /** The sources of the tool results the answer was written from. */
  sources?: AnswerSource[];
  /** Those tool results (data the figure guard checks the answer's figures against). */
  toolResults?: Record<string, unknown>[];
  /** The tools called for this answer, as the audit trail keeps them (no results' text). */
  tools?: AuditToolCall[];
}

/**
 * Port: writes the answer to one message, streamed. Adapters: the LLM engine (prompt + model)
 * and the knowledge engine (the offline composer), picked from config in AnswerEngineModule.
 */
export abstract class AnswerEngine {
  /** The model named in replies when an answer has no result of its own (stopped, failed). */
  abstract readonly model: string;
  /**
   * Resolves when the answer is complete; rejects with an AbortError when `signal` aborts, or
   * with the failure otherwise. Deltas are raw: the caller restores and neutralises them.
   */
  abstract answer(req: AnswerRequest, onDelta: (text: string) => void): Promise<AnswerResult>;
}
