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
}
