import type { ChatReply, ToolStatusEvent } from '../chat/chat-reply';
import type { PublicMessage } from '../memory/chat-message';

/** Server → client events, shared by the Socket.IO namespace and the plain WebSocket. */
export interface ServerEvents {
  connection_established: { user_id: string; session_id: string; server_time: string };
  typing: { is_typing: boolean; actor: 'assistant' | 'user' };
  message_chunk: { message_id: string; conversation_id: string; delta: string; index: number };
  tool_status: ToolStatusEvent;
  message: ChatReply & { role: 'assistant' };
  error: { code: string; message: string; retry_after?: number };
  history: { messages: PublicMessage[] };
  pong: Record<string, never>;
}

export type ServerEventName = keyof ServerEvents;

export type SendAck =
  | { ok: true; message_id: string; conversation_id: string }
  | { ok: false; error: { code: string; message: string; retry_after?: number } };
