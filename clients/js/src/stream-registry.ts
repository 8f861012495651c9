import type { ChatStreamController } from './chat-stream';
import type { ChatError } from './errors';
import type { AssistantMessage, MessageChunk } from './types';

interface Orphan {
  chunks: MessageChunk[];
  final?: AssistantMessage;
}

/** Routes the socket's answer events to the streams they belong to, by `message_id`. */
export class StreamRegistry {
  private readonly streams = new Set<ChatStreamController>();
  /**
   * Events of answers not bound to a stream yet. After a lost ack, the resent message's ack
   * (with the id) can arrive after the answer's chunks, so they are kept while an ack is due.
   */
  private readonly orphans = new Map<string, Orphan>();

  add(stream: ChatStreamController): void {
    this.streams.add(stream);
    const forget = () => this.streams.delete(stream);
    stream.then(forget, forget);
  }

  /** The ack gave this stream its id: it takes what arrived for that id before. */
  bound(stream: ChatStreamController): void {
    const id = stream.messageIdValue;
    const o = id === null ? undefined : this.orphans.get(id);
    if (!id || !o) return;
    this.orphans.delete(id);
    for (const c of o.chunks) stream.chunk(c);
    if (o.final) stream.finish(o.final);
  }

  chunk(c: MessageChunk): void {
    const stream = this.byId(c.message_id);
    if (stream) stream.chunk(c);
    else this.orphan(c.message_id)?.chunks.push(c);
  }

  final(m: AssistantMessage): void {
    const stream = this.byId(m.message_id);
    if (stream) return stream.finish(m);
    const o = this.orphan(m.message_id);
    if (o) o.final = m;
  }

  /** Streams whose answer has started and not ended. */
  inFlight(): ChatStreamController[] {
    return [...this.streams].filter((s) => s.started && !s.settled);
  }

  failInFlight(err: ChatError): void {
    for (const s of this.inFlight()) s.fail(err);
  }

  failAll(err: ChatError): void {
    for (const s of this.streams) s.fail(err);
    this.streams.clear();
    this.orphans.clear();
  }

  private byId(messageId: string): ChatStreamController | undefined {
    for (const s of this.streams) if (s.messageIdValue === messageId) return s;
    return undefined;
  }

  private orphan(messageId: string): Orphan | undefined {
    if (![...this.streams].some((s) => !s.started)) {
      this.orphans.clear();
      return undefined;
    }
    let o = this.orphans.get(messageId);
    if (!o) {
      // Bounded: only a handful of answers can be in flight around one ack.
      const oldest = this.orphans.keys().next();
      if (this.orphans.size >= 4 && !oldest.done) this.orphans.delete(oldest.value);
      o = { chunks: [] };
      this.orphans.set(messageId, o);
    }
    return o;
  }
}
