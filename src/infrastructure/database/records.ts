import type { MarketSourceId } from '../../config/app-config';
import type { Sentiment } from '../../modules/sentiment/sentiment.types';

export type MessageRole = 'user' | 'assistant';
/** `stop` complete; `length` cut by max tokens; `stopped` by the user; `error` failed midway. */
export type FinishReason = 'stop' | 'length' | 'stopped' | 'error';

export interface ConversationRecord {
  id: string;
  user_id: string;
  title: string | null;
  /** Rolling summary of the turns that no longer fit the prompt's history window. */
  summary: string | null;
  /** The rolling summary covers every message up to this instant. */
  summary_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface MessageRecord {
  id: string;
  conversation_id: string;
  user_id: string;
  role: MessageRole;
  content: string;
  sentiment: Sentiment | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  model: string | null;
  finish_reason: FinishReason | null;
  /** Client-chosen idempotency key (user messages). */
  client_message_id: string | null;
  /** For an assistant message: the user message it answers. */
  reply_to: string | null;
  created_at: Date;
  /** The user's rating of an assistant message (one per message; a new one replaces it). */
  feedback?: MessageFeedback | null;
  /** Assistant messages: where their figures came from, and the figure guard's counts. */
  sources?: AnswerSource[] | null;
  figures?: FigureCounts | null;
}

/** A source an answer's figures came from (the contract's `sources` item). */
export interface AnswerSource {
  id: MarketSourceId | 'sample';
  /** Human name, as the source asks to be cited. */
  name: string;
  url?: string;
  /** When the source says the figure is from, else when it was fetched. */
  as_of: string;
  /** The tool whose result carried it; absent for the prompt's snapshot. */
  tool?: string;
}

/** The figure guard's result: market figures in the answer, and those no source backs. */
export interface FigureCounts {
  checked: number;
  unverified: number;
}

export interface MessageFeedback {
  rating: 'up' | 'down';
  reason?: string;
  tags?: string[];
}

/** A tool call made for an answer, as the audit trail keeps it (no result text). */
export interface AuditToolCall {
  tool: string;
  arguments: unknown;
  source: string | null;
  as_of: string | null;
  status: 'done' | 'failed';
}

/**
 * One record per stored answer, for compliance: what was answered, to whom, from which data and
 * by which model, never the text itself. It outlives the conversation; when the user erases
 * their data, `user_id` becomes its SHA-256.
 */
export interface AuditRecordRow {
  message_id: string;
  user_id: string;
  /** True once `user_id` holds the SHA-256 of the original id. */
  pseudonymised: boolean;
  conversation_id: string;
  created_at: Date;
  provider: string;
  model: string;
  prompt_sha256: string;
  tools: AuditToolCall[];
  sources: unknown[];
  figures: { checked: number; unverified: number } | null;
  disclaimer_shown: boolean;
  finish_reason: FinishReason;
}
