import { io, type Socket } from 'socket.io-client';
import {
  connectError,
  type ChatClientEvents,
  type ChatClientOptions,
  type ConnectionState,
  type SendOptions,
} from './client-options';
import { ChatStreamController, type ChatStream } from './chat-stream';
import { ChatError, fromSocketError } from './errors';
import { newClientMessageId, resyncStream } from './recovery';
import { resolveToken, RestClient } from './rest-client';
import { StreamRegistry } from './stream-registry';
import type {
  AssistantMessage,
  ConnectionEstablished,
  ErrorEvent,
  FeedbackAck,
  FeedbackRequest,
  FeedbackResponse,
  HistoryAck,
  Message,
  MessageChunk,
  ToolStatusEvent,
  SendAck,
  SendMessageRequest,
  StopAck,
  TypingEvent,
} from './types';

type Handler<E extends keyof ChatClientEvents> = (payload: ChatClientEvents[E]) => void;

interface Pending<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/**
 * A Socket.IO client of the chat service: streams answers, stops them, reads history, relays
 * typing, and survives reconnects. Works in browsers, React Native and Node (no Node-only APIs).
 */
export class ChatClient {
  /** The underlying socket of the `/chat` namespace, for what the SDK does not cover. */
  readonly socket: Socket;
  /** The REST API with the same URL and token. */
  readonly rest: RestClient;
  private readonly streams = new StreamRegistry();
  private readonly handlers = new Map<keyof ChatClientEvents, Set<(p: never) => void>>();
  private connecting: Pending<ConnectionEstablished> | null = null;
  private established: ConnectionEstablished | null = null;
  private lastError: ErrorEvent | null = null;
  /** The assistant's typing just stopped: an `error` now is the failure of its answer. */
  private answerEnding = false;
  private stateValue: ConnectionState = 'idle';

  constructor(private readonly opts: ChatClientOptions) {
    const base = opts.url.replace(/\/+$/, '');
    this.rest = new RestClient({ url: base, token: opts.token, fetch: opts.fetch });
    this.socket = io(`${base}/chat`, {
      // Every event the SDK emits with an ack is resent when its ack is lost; resending a
      // message is safe because it carries its client_message_id.
      ackTimeout: 10_000,
      retries: 2,
      ...opts.socketOptions,
      autoConnect: false,
      // Called on every (re)connect: a token function refreshes the token each time.
      auth: (cb) => {
        resolveToken(opts.token).then(
          (token) => cb({ token }),
          () => cb({}),
        );
      },
    });
    this.wire();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Resolves with the server's greeting; rejects with a `ChatError` (`unauthorized`, ...). */
  connect(): Promise<ConnectionEstablished> {
    if (this.socket.connected && this.established) return Promise.resolve(this.established);
    if (this.connecting) return this.connecting.promise;
    const pending = {} as Pending<ConnectionEstablished>;
    pending.promise = new Promise((resolve, reject) => Object.assign(pending, { resolve, reject }));
    this.connecting = pending;
    this.setState('connecting');
    this.socket.connect();
    return pending.promise;
  }

  /** Closes the connection; answers still streaming reject with `disconnected`. */
  disconnect(): void {
    this.socket.disconnect();
    this.closed(new ChatError('disconnected', 'Disconnected by the client'));
  }

  /** Sends a message; the returned stream yields the answer's deltas and resolves with it. */
  sendMessage(message: string, opts: SendOptions = {}): ChatStream {
    const cmid = opts.clientMessageId ?? newClientMessageId();
    const stream = new ChatStreamController(cmid, (s) => this.stopStream(s), opts.onChunk);
    if (this.stateValue === 'idle' || this.stateValue === 'disconnected') {
      stream.fail(new ChatError('disconnected', 'Not connected: call connect() first'));
      return stream;
    }
    this.streams.add(stream);
    const payload: SendMessageRequest = { message, client_message_id: cmid };
    if (opts.conversationId) payload.conversation_id = opts.conversationId;
    if (opts.userContext) payload.user_context = opts.userContext;
    this.socket.emitWithAck('send_message', payload).then(
      (ack: SendAck) => {
        if (!ack.ok) return stream.fail(ChatError.fromEvent(ack.error));
        stream.start(ack.message_id, ack.conversation_id);
        this.streams.bound(stream);
      },
      (err) => stream.fail(fromSocketError(err)),
    );
    if (opts.signal) {
      const onAbort = () => void stream.stop().catch(() => undefined);
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
    return stream;
  }

  /** Stops the answer with this id, or whichever answer of this user is streaming. */
  async stop(messageId?: string): Promise<StopAck> {
    try {
      return (await this.socket.emitWithAck(
        'stop_generation',
        messageId ? { message_id: messageId } : {},
      )) as StopAck;
    } catch (err) {
      throw fromSocketError(err);
    }
  }

  /** The newest `limit` (default 50) messages, oldest first, of one conversation or all. */
  async history(opts: { limit?: number; conversationId?: string } = {}): Promise<Message[]> {
    const payload: { limit?: number; conversation_id?: string } = {};
    if (opts.limit !== undefined) payload.limit = opts.limit;
    if (opts.conversationId) payload.conversation_id = opts.conversationId;
    let ack: HistoryAck;
    try {
      ack = (await this.socket.emitWithAck('get_history', payload)) as HistoryAck;
    } catch (err) {
      throw fromSocketError(err);
    }
    if (ack.error) throw ChatError.fromEvent(ack.error);
    return ack.messages;
  }

  /**
   * Rates an answer (`up` or `down`, with an optional reason and tags); a new rating replaces the
   * previous one. Rejects with `not_found` for anything but an answer of this user.
   */
  async feedback(
    messageId: string,
    rating: FeedbackRequest['rating'],
    opts: { reason?: string; tags?: string[] } = {},
  ): Promise<FeedbackResponse> {
    const payload: FeedbackRequest = { message_id: messageId, rating };
    if (opts.reason !== undefined) payload.reason = opts.reason;
    if (opts.tags !== undefined) payload.tags = opts.tags;
    let ack: FeedbackAck;
    try {
      ack = (await this.socket.emitWithAck('feedback', payload)) as FeedbackAck;
    } catch (err) {
      throw fromSocketError(err);
    }
    if (!ack.ok) throw ChatError.fromEvent(ack.error);
    return { message_id: ack.message_id, rating: ack.rating };
  }

  /** Tells the user's other devices; dropped while offline (a stale indicator helps nobody). */
  typing(isTyping: boolean): void {
    // Volatile: it bypasses the retry queue, since the server never acknowledges typing.
    this.socket.volatile.emit('typing', { is_typing: isTyping });
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof ChatClientEvents>(event: E, handler: Handler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private emit<E extends keyof ChatClientEvents>(event: E, payload: ChatClientEvents[E]): void {
    for (const h of this.handlers.get(event) ?? []) {
      try {
        (h as Handler<E>)(payload);
      } catch {
        // One app handler that throws must not starve the others or the SDK's own bookkeeping.
      }
    }
  }

  private setState(state: ConnectionState, extra: { recovered?: boolean; reason?: string } = {}) {
    this.stateValue = state;
    this.emit('connection_state', { state, ...extra });
  }

  private wire(): void {
    const s = this.socket;
    s.on('connect', () => {
      const wasReconnecting = this.stateValue === 'reconnecting';
      this.setState('connected', { recovered: s.recovered });
      // A recovered session got the missed events replayed; otherwise history fills the gap.
      if (wasReconnecting && !s.recovered) void this.resync();
    });
    s.on('connection_established', (e: ConnectionEstablished) => {
      this.established = e;
      this.connecting?.resolve(e);
      this.connecting = null;
      this.emit('connection_established', e);
    });
    s.on('connect_error', (err: Error) => {
      const error = connectError(err);
      if (this.connecting) {
        // The first connection fails fast; automatic reconnection only follows a working one.
        s.disconnect();
        this.closed(error);
      } else if (!s.active) {
        this.closed(error); // a refused reconnect: the server will not take this session back
      }
    });
    s.on('disconnect', (reason: string) => {
      if (reason === 'io client disconnect') return;
      const expired = this.lastError?.code === 'unauthorized';
      this.lastError = null;
      if (reason === 'io server disconnect' && expired && typeof this.opts.token === 'function') {
        this.setState('reconnecting', { reason });
        s.connect(); // the token expired: the token function hands out a fresh one
      } else if (s.active) {
        this.setState('reconnecting', { reason });
      } else {
        this.closed(new ChatError(expired ? 'unauthorized' : 'disconnected', reason));
      }
    });
    s.io.on('reconnect_failed', () =>
      this.closed(new ChatError('disconnected', 'Could not reconnect')),
    );
    s.on('typing', (t: TypingEvent) => {
      if (t.actor === 'assistant') this.answerEnding = !t.is_typing;
      this.emit('typing', t);
    });
    s.on('message_chunk', (c: MessageChunk) => {
      this.streams.chunk(c);
      this.emit('message_chunk', c);
    });
    s.on('tool_status', (t: ToolStatusEvent) => this.emit('tool_status', t));
    s.on('message', (m: AssistantMessage) => {
      this.answerEnding = false;
      this.streams.final(m);
      this.emit('message', m);
    });
    s.on('error', (e: ErrorEvent) => {
      this.lastError = e;
      // The server ends a failed answer with typing off and then this event (no message_id):
      // it belongs to the answer that was streaming, of which a user has one at most.
      if (this.answerEnding) {
        this.answerEnding = false;
        this.streams.failInFlight(ChatError.fromEvent(e));
      }
      this.emit('error', e);
    });
  }

  private async stopStream(stream: ChatStreamController): Promise<StopAck> {
    let id: string;
    try {
      id = await stream.messageId;
    } catch {
      return { stopped: false };
    }
    if (stream.settled) return { stopped: false, message_id: id };
    return this.stop(id);
  }

  private async resync(): Promise<void> {
    const deps = {
      history: (o: { limit: number; conversationId: string }) => this.history(o),
      connected: () => this.stateValue === 'connected',
      graceMs: this.opts.resyncGraceMs ?? 15_000,
    };
    await Promise.all(this.streams.inFlight().map((s) => resyncStream(s, deps)));
  }

  /** The connection is gone for good: pending work fails with `error`. */
  private closed(error: ChatError): void {
    this.established = null;
    this.connecting?.reject(error);
    this.connecting = null;
    this.streams.failAll(error);
    if (this.stateValue !== 'disconnected') {
      this.setState('disconnected', { reason: error.message });
    }
  }
}
