import type { ChatError } from './errors';
import type { ChatReply, MessageChunk, StopAck } from './types';

/**
 * One answer on its way: await it for the final `ChatReply`, or iterate it for the text deltas
 * (the deltas joined always equal the final `response`, also after a reconnect that lost chunks).
 */
export interface ChatStream extends PromiseLike<ChatReply>, AsyncIterable<string> {
  /** The answer's id, known once the server has saved the user message. */
  readonly messageId: Promise<string>;
  readonly conversationId: Promise<string>;
  /** The idempotency key sent with the message: resending it never asks the assistant twice. */
  readonly clientMessageId: string;
  /** Asks the server to stop this answer; it then resolves with `finish_reason: 'stopped'`. */
  stop(): Promise<StopAck>;
  catch<T = never>(onRejected: (reason: unknown) => T | PromiseLike<T>): Promise<ChatReply | T>;
}

type Stopper = (stream: ChatStreamController) => Promise<StopAck>;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may use only one face of the stream (await or iterate): an unobserved rejection of
  // the other must not surface as an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The client's side of one answer: fed by the socket events that carry its `message_id`,
 * and seen by the app as a `ChatStream`.
 */
export class ChatStreamController implements ChatStream {
  messageIdValue: string | null = null;
  conversationIdValue: string | null = null;
  settled = false;
  private readonly ids = deferred<{ messageId: string; conversationId: string }>();
  private readonly reply = deferred<ChatReply>();
  private readonly deltas: string[] = [];
  private text = '';
  private nextIndex = 0;
  /** Chunks that arrived past a gap, held until the gap is filled (or the answer ends). */
  private readonly held = new Map<number, MessageChunk>();
  private error: ChatError | null = null;
  private waiters: (() => void)[] = [];

  readonly messageId: Promise<string>;
  readonly conversationId: Promise<string>;

  constructor(
    readonly clientMessageId: string,
    private readonly stopper: Stopper,
    private readonly onChunk?: (delta: string, chunk: MessageChunk) => void,
  ) {
    this.messageId = this.ids.promise.then((i) => i.messageId);
    this.conversationId = this.ids.promise.then((i) => i.conversationId);
    this.messageId.catch(() => undefined);
    this.conversationId.catch(() => undefined);
  }

  get started(): boolean {
    return this.messageIdValue !== null;
  }

  /** The text received so far, in order. */
  get received(): string {
    return this.text;
  }

  /** The ack arrived: the user message is saved and this answer has an id. */
  start(messageId: string, conversationId: string): void {
    if (this.started) return;
    this.messageIdValue = messageId;
    this.conversationIdValue = conversationId;
    this.ids.resolve({ messageId, conversationId });
  }

  chunk(c: MessageChunk): void {
    if (this.settled || c.index < this.nextIndex) return;
    if (c.index > this.nextIndex) {
      this.held.set(c.index, c);
      return;
    }
    this.push(c);
    for (let next = this.held.get(this.nextIndex); next; next = this.held.get(this.nextIndex)) {
      this.held.delete(next.index);
      this.push(next);
    }
  }

  finish(reply: ChatReply): void {
    if (this.settled) return;
    this.start(reply.message_id, reply.conversation_id);
    // Chunks lost to a reconnect (or held past a gap) are made up from the final text.
    if (reply.response.length > this.text.length && reply.response.startsWith(this.text)) {
      this.push({
        message_id: reply.message_id,
        conversation_id: reply.conversation_id,
        delta: reply.response.slice(this.text.length),
        index: this.nextIndex,
      });
    }
    this.held.clear();
    this.settled = true;
    this.reply.resolve(reply);
    this.wake();
  }

  fail(err: ChatError): void {
    if (this.settled) return;
    this.settled = true;
    this.error = err;
    this.ids.reject(err);
    this.reply.reject(err);
    this.wake();
  }

  stop(): Promise<StopAck> {
    return this.stopper(this);
  }

  then<R1 = ChatReply, R2 = never>(
    onFulfilled?: ((value: ChatReply) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.reply.promise.then(onFulfilled, onRejected);
  }

  catch<T = never>(onRejected: (reason: unknown) => T | PromiseLike<T>): Promise<ChatReply | T> {
    return this.reply.promise.catch(onRejected);
  }

  /** Every iteration starts from the first delta, so late iterators miss nothing. */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    let i = 0;
    return {
      next: async (): Promise<IteratorResult<string>> => {
        for (;;) {
          if (i < this.deltas.length) return { value: this.deltas[i++], done: false };
          if (this.error) throw this.error;
          if (this.settled) return { value: undefined, done: true };
          await new Promise<void>((r) => this.waiters.push(r));
        }
      },
    };
  }

  private push(c: MessageChunk): void {
    this.deltas.push(c.delta);
    this.text += c.delta;
    this.nextIndex = c.index + 1;
    try {
      this.onChunk?.(c.delta, c);
    } catch {
      // An app callback that throws must not break the stream for the other consumers.
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
