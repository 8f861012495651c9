import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { ChatError } from './errors';
import type { TokenSource } from './rest-client';
import type {
  AssistantMessage,
  ConnectionEstablished,
  ErrorEvent,
  MessageChunk,
  ToolStatusEvent,
  TypingEvent,
} from './types';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ChatClientOptions {
  /** The service's base URL, e.g. `https://chat.example.com`; the namespace `/chat` is added. */
  url: string;
  /** Called on every (re)connect, so a function can hand out a fresh token each time. */
  token: TokenSource;
  /** Passed to socket.io-client (`transports`, `reconnectionDelay`, `ackTimeout`, ...). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Used by `client.rest`. */
  fetch?: typeof fetch;
  /** After a reconnect that lost the session: how long an answer may stay silent. */
  resyncGraceMs?: number;
}

export interface SendOptions {
  conversationId?: string;
  userContext?: Record<string, unknown>;
  /** Idempotency key; generated when absent. Resending the same key never asks twice. */
  clientMessageId?: string;
  onChunk?: (delta: string, chunk: MessageChunk) => void;
  /** Aborting stops the answer: the stream then resolves with `finish_reason: 'stopped'`. */
  signal?: AbortSignal;
}

export interface ChatClientEvents {
  connection_established: ConnectionEstablished;
  /** The assistant composing (`actor: 'assistant'`) or the user typing on another device. */
  typing: TypingEvent;
  message_chunk: MessageChunk;
  /** A figure is being looked up for the answer (`started`, then `done` or `failed`). */
  tool_status: ToolStatusEvent;
  message: AssistantMessage;
  error: ErrorEvent;
  connection_state: { state: ConnectionState; recovered?: boolean; reason?: string };
}

/** The reasons a server gives in `connect_error`, as the SDK's error codes. */
export function connectError(err: Error & { data?: { retry_after?: number } }): ChatError {
  switch (err.message) {
    case 'unauthorized':
      return new ChatError('unauthorized', 'The token was refused');
    case 'rate_limited':
    case 'too_many_connections':
      return new ChatError('rate_limited', err.message, err.data?.retry_after);
    case 'timeout':
      return new ChatError('timeout', 'Connection timed out');
    default:
      return new ChatError('disconnected', err.message || 'Cannot connect');
  }
}
