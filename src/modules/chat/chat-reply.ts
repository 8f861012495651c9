import type {
  AnswerSource,
  FigureCounts,
  FinishReason,
} from '../../infrastructure/database/records';
import type { LlmUsage } from '../llm/llm-client';
import type { Sentiment } from '../sentiment/sentiment.types';

/** The contract's `ChatReply`. */
export interface ChatReply {
  message_id: string;
  user_message_id: string;
  conversation_id: string;
  response: string;
  sentiment: Sentiment;
  model: string;
  finish_reason: FinishReason;
  timestamp: string;
  usage?: LlmUsage;
  degraded?: true;
  /** The sources of the figures this answer quotes; `[]` when it quotes none. */
  sources: AnswerSource[];
  figures: FigureCounts;
  /**
   * The notice clients show under the answer when the question or the answer speaks of
   * instruments, figures or strategies (DISCLAIMER_TEXT); null otherwise. Never inside `response`.
   */
  disclaimer: string | null;
}

/** How the message arrived (a metrics label; the pipeline is the same for all). */
export type Transport = 'rest' | 'sse' | 'socketio' | 'ws';

export interface SendMessageInput {
  message: string;
  conversationId?: string;
  userContext?: unknown;
  clientMessageId?: string;
  transport: Transport;
}

/** How a transport follows the exchange as it happens. */
export interface ReplyListener {
  /** The user message is saved; the answer (with this id) is about to stream. */
  onStart?(info: { message_id: string; user_message_id: string; conversation_id: string }): void;
  onDelta?(delta: string, index: number): void;
  /**
   * A repeated `client_message_id`: the exchange already happened (or is happening for another
   * call), so nothing streams here; the reply is the first one's. `broadcast` is true when the
   * repeat waited for an exchange in flight on a socket door, whose own events (chunks, the final
   * `message`) already reach every socket connection of the user.
   */
  onReplay?(reply: ChatReply, broadcast: boolean): void;
  /** A tool the answer needs started or ended (Socket.IO/WebSocket `tool_status`, SSE `tool`). */
  onTool?(event: ToolStatusEvent): void;
}

/** The contract's `tool_status` payload. */
export interface ToolStatusEvent {
  /** The answer's id, as in its chunks. */
  message_id: string;
  tool: string;
  status: 'started' | 'done' | 'failed';
}
