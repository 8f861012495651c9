import type {
  AnswerSource,
  FigureCounts,
  FinishReason,
  MessageFeedback,
  MessageRecord,
  MessageRole,
} from '../../infrastructure/database/records';
import type { Sentiment } from '../sentiment/sentiment.types';

/** The contract's `Message`, as served by history and kept in the hot cache. */
export interface ChatMessage {
  id: string;
  conversation_id: string;
  role: MessageRole;
  content: string;
  timestamp: string;
  sentiment?: Sentiment;
  finish_reason?: FinishReason;
  feedback?: MessageFeedback;
  /** Assistant messages: the sources of their figures and the figure guard's counts. */
  sources?: AnswerSource[];
  figures?: FigureCounts;
  /** Not part of the public `Message`: used to rebuild replies and prompts. */
  model?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  reply_to?: string;
}

export function toChatMessage(r: MessageRecord): ChatMessage {
  const m: ChatMessage = {
    id: r.id,
    conversation_id: r.conversation_id,
    role: r.role,
    content: r.content,
    timestamp: new Date(r.created_at).toISOString(),
  };
  if (r.sentiment) m.sentiment = r.sentiment;
  if (r.finish_reason) m.finish_reason = r.finish_reason;
  if (r.model) m.model = r.model;
  if (r.prompt_tokens !== null && r.prompt_tokens !== undefined) m.prompt_tokens = r.prompt_tokens;
  if (r.completion_tokens !== null && r.completion_tokens !== undefined)
    m.completion_tokens = r.completion_tokens;
  if (r.reply_to) m.reply_to = r.reply_to;
  if (r.feedback) m.feedback = r.feedback;
  if (r.sources) m.sources = r.sources;
  if (r.figures) m.figures = r.figures;
  return m;
}

/** The public `Message` of the contract (drops internal fields). */
export function toPublicMessage(m: ChatMessage) {
  const { id, conversation_id, role, content, timestamp, sentiment, finish_reason, feedback } = m;

  return {
    id,
    conversation_id,
    role,
    content,
    timestamp,
    ...(sentiment ? { sentiment } : {}),
    ...(finish_reason ? { finish_reason } : {}),
    ...(feedback ? { feedback } : {}),
    // Answers stored before attribution existed quoted no checked source: say so, not nothing.
    ...(role === 'assistant'
      ? { sources: m.sources ?? [], figures: m.figures ?? { checked: 0, unverified: 0 } }
      : {}),
  };
}
export type PublicMessage = ReturnType<typeof toPublicMessage>;
