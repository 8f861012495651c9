/**
 * The wire types of the chat service (REST, Socket.IO namespace `/chat`).
 *
 * Why local copies instead of `import type` from the server's source: this package compiles on
 * its own (`rootDir: src`, published from `dist/`), and tsc refuses any source file outside
 * `rootDir` — type-only imports included (TS6059) — and the server's files in turn import its
 * database records and LLM port, which would drag server code into the client's program and its
 * declaration output. So the types are copied here, and the main test suite
 * (test/e2e/client-sdk.e2e-spec.ts) asserts at compile time that each one is mutually assignable
 * with the server's own type: any drift on either side fails the type-check.
 */

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

/** Label, score in [-1, 1], confidence in [0, 1], plus detail. */
export interface Sentiment {
  label: SentimentLabel;
  score: number;
  confidence: number;
  /** Emotion name (miedo, frustracion, euforia, confianza, ...) to intensity in [0, 1]. */
  emotions?: Record<string, number>;
  /** The words or phrases that drove the result. */
  keywords?: string[];
}

export type MessageRole = 'user' | 'assistant';

/** `stop` complete; `length` cut by max tokens; `stopped` by the user; `error` failed midway. */
export type FinishReason = 'stop' | 'length' | 'stopped' | 'error';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Where a figure came from: `dolarapi`, `argentinadatos`, `bcra`, `data912`, `backend`. */
export type SourceId = 'dolarapi' | 'argentinadatos' | 'bcra' | 'data912' | 'backend' | 'sample';

/** A source an answer's figures came from; show it under the answer ("DolarApi · 04/12 12:00"). */
export interface AnswerSource {
  id: SourceId;
  /** Human name, as the source asks to be cited. */
  name: string;
  url?: string;
  /** When the source says the figure is from (a date, or a full timestamp), else when fetched. */
  as_of: string;
  /** The tool whose result carried it; absent for the prompt's snapshot. */
  tool?: string;
}

/** The figure guard's result: market figures in the answer, and those no source backs. */
export interface FigureCounts {
  checked: number;
  unverified: number;
}

/** One finished answer. */
export interface ChatReply {
  message_id: string;
  user_message_id: string;
  conversation_id: string;
  response: string;
  sentiment: Sentiment;
  model: string;
  finish_reason: FinishReason;
  timestamp: string;
  usage?: Usage;
  degraded?: true;
  /** The sources of the figures this answer quotes; `[]` when it quotes none. */
  sources: AnswerSource[];
  figures: FigureCounts;
  /** A notice to show under the answer (instruments, figures, strategies); null otherwise. */
  disclaimer: string | null;
}

/** A user's rating of an answer (one per message; a new one replaces it). */
export interface MessageFeedback {
  rating: 'up' | 'down';
  reason?: string;
  tags?: string[];
}

/** A stored message, as served by history (oldest first). */
export interface Message {
  id: string;
  conversation_id: string;
  role: MessageRole;
  content: string;
  timestamp: string;
  sentiment?: Sentiment;
  finish_reason?: FinishReason;
  /** Assistant messages the user rated. */
  feedback?: MessageFeedback;
  /** Assistant messages: the sources of their figures and the figure guard's counts. */
  sources?: AnswerSource[];
  figures?: FigureCounts;
}

/** The body of `POST /api/chat/feedback` and the payload of the `feedback` event. */
export interface FeedbackRequest {
  message_id: string;
  rating: 'up' | 'down';
  /** At most 500 characters. */
  reason?: string;
  /** At most 5. */
  tags?: string[];
}

/** The answer of `POST /api/chat/feedback`. */
export interface FeedbackResponse {
  message_id: string;
  rating: 'up' | 'down';
}

/** The ack of the `feedback` event. */
export type FeedbackAck =
  { ok: true; message_id: string; rating: 'up' | 'down' } | { ok: false; error: ErrorEvent };

/** `GET /api/chat/usage/:user_id`: the user's tokens and answers in the current UTC day. */
export interface UsageResponse {
  user_id: string;
  /** Start of the UTC day counted (ISO 8601). */
  period_start: string;
  tokens_used: number;
  /** The daily limit; null when the service sets none. */
  tokens_limit: number | null;
  messages: number;
}

/** `GET /api/chat/export/:user_id`: everything the user has, oldest first. */
export interface ExportResponse {
  user_id: string;
  exported_at: string;
  conversations: {
    id: string;
    title: string | null;
    created_at: string;
    updated_at: string;
    messages: (Message & {
      model?: string;
      prompt_tokens?: number;
      completion_tokens?: number;
      reply_to?: string;
      client_message_id?: string;
    })[];
  }[];
}

/** The body of `POST /api/chat/message` and the payload of the `send_message` event. */
export interface SendMessageRequest {
  message: string;
  conversation_id?: string;
  user_context?: Record<string, unknown>;
  client_message_id?: string;
}

export interface SentimentSummary {
  average: number;
  trend: 'improving' | 'worsening' | 'stable';
  distribution: { positive: number; negative: number; neutral: number };
}

/** `GET /api/chat/summary/:user_id`. */
export interface Summary {
  user_id: string;
  summary: string;
  message_count: number;
  first_message_at: string | null;
  last_message_at: string | null;
  topics: string[];
  tickers: string[];
  sentiment: SentimentSummary;
}

/** `GET /api/chat/history/:user_id`. */
export interface HistoryResponse {
  user_id: string;
  messages: Message[];
  count: number;
}

/** `DELETE /api/chat/history/:user_id`. */
export interface DeleteHistoryResponse {
  user_id: string;
  deleted: number;
}

/** Error codes the server sends, on every door. */
export type ServerErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'busy'
  | 'assistant_unavailable'
  | 'storage_unavailable'
  | 'internal_error';

/** The REST error body. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ServerErrorCode;
}

/** The Socket.IO `error` event and the error of a failed ack. */
export interface ErrorEvent {
  code: string;
  message: string;
  retry_after?: number;
}

export interface ConnectionEstablished {
  user_id: string;
  session_id: string;
  server_time: string;
}

/** `actor: 'assistant'` brackets an answer; `'user'` is the user typing on another device. */
export interface TypingEvent {
  is_typing: boolean;
  actor: 'assistant' | 'user';
}

export interface MessageChunk {
  message_id: string;
  conversation_id: string;
  delta: string;
  /** Counts from 0 within one answer. */
  index: number;
}

/** A tool the answer needs started or ended (a figure is being looked up). */
export interface ToolStatusEvent {
  /** The answer's id, as in its chunks. */
  message_id: string;
  tool: string;
  status: 'started' | 'done' | 'failed';
}

export type AssistantMessage = ChatReply & { role: 'assistant' };

/** Server → client events (Socket.IO and the plain WebSocket). */
export interface ServerEvents {
  connection_established: ConnectionEstablished;
  typing: TypingEvent;
  message_chunk: MessageChunk;
  tool_status: ToolStatusEvent;
  message: AssistantMessage;
  error: ErrorEvent;
  history: { messages: Message[] };
  pong: Record<string, never>;
}

export type ServerEventName = keyof ServerEvents;

/** The ack of `send_message`. */
export type SendAck =
  { ok: true; message_id: string; conversation_id: string } | { ok: false; error: ErrorEvent };

/** The ack of `stop_generation`. */
export interface StopAck {
  stopped: boolean;
  message_id?: string;
}

/** The ack of `get_history`. */
export interface HistoryAck {
  messages: Message[];
  error?: ErrorEvent;
}
