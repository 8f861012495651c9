import type { ChatStreamController } from './chat-stream';
import { ChatError, fromSocketError } from './errors';
import type { ChatReply, Message, Sentiment } from './types';

const NEUTRAL: Sentiment = { label: 'neutral', score: 0, confidence: 0 };

export type HistoryOutcome =
  { kind: 'finished'; reply: ChatReply } | { kind: 'failed' } | { kind: 'pending' };

/**
 * What the history says about an answer whose final event was lost with the connection: the
 * server saves every answer when it ends (complete, stopped or failed), so a saved answer is
 * over, and a missing one is still streaming (its final `message` reaches the new connection).
 *
 * The rebuilt reply carries what history keeps: `model` is empty, `usage` absent and
 * `disclaimer` null (history does not keep it).
 */
export function outcomeFromHistory(messages: Message[], messageId: string): HistoryOutcome {
  const at = messages.findIndex((m) => m.id === messageId && m.role === 'assistant');
  if (at < 0) return { kind: 'pending' };
  const answer = messages[at];
  if (answer.finish_reason === 'error') return { kind: 'failed' };
  let question: Message | undefined;
  for (let i = at - 1; i >= 0 && !question; i--) {
    if (messages[i].role === 'user') question = messages[i];
  }
  return {
    kind: 'finished',
    reply: {
      message_id: answer.id,
      user_message_id: question?.id ?? '',
      conversation_id: answer.conversation_id,
      response: answer.content,
      sentiment: question?.sentiment ?? NEUTRAL,
      model: '',
      finish_reason: answer.finish_reason ?? 'stop',
      timestamp: answer.timestamp,
      sources: answer.sources ?? [],
      figures: answer.figures ?? { checked: 0, unverified: 0 },
      disclaimer: null,
    },
  };
}

/** An idempotency key: `crypto.randomUUID` where the platform has it (React Native may not). */
export function newClientMessageId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `cm-${Date.now().toString(36)}-${hex(16)}`;
}

export interface ResyncDeps {
  history(opts: { limit: number; conversationId: string }): Promise<Message[]>;
  connected(): boolean;
  graceMs: number;
}

/**
 * After a reconnect without recovery the events sent meanwhile are gone. History tells whether
 * the answer ended (resolve or reject the stream) or still streams (its final event will reach
 * the new connection). One that stays silent for a whole grace period is given up.
 */
export async function resyncStream(stream: ChatStreamController, deps: ResyncDeps): Promise<void> {
  let seen = stream.received.length;
  for (let silent = false; !stream.settled && deps.connected();) {
    let outcome: HistoryOutcome;
    try {
      const messages = await deps.history({
        limit: 50,
        conversationId: stream.conversationIdValue ?? '',
      });
      outcome = outcomeFromHistory(messages, stream.messageIdValue ?? '');
    } catch (err) {
      return stream.fail(fromSocketError(err));
    }
    if (outcome.kind === 'finished') return stream.finish(outcome.reply);
    if (outcome.kind === 'failed') {
      return stream.fail(new ChatError('assistant_unavailable', 'The answer failed meanwhile'));
    }
    if (silent) {
      return stream.fail(new ChatError('disconnected', 'The answer was lost with the connection'));
    }
    await new Promise((r) => setTimeout(r, deps.graceMs));
    silent = stream.received.length === seen;
    seen = stream.received.length;
  }
}
