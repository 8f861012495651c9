import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { compositeKey, compositeKeyPrefix } from '../../common/keys/composite-key';
import { AppConfig } from '../../config/app-config';
import type { ChatMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { needsDisclaimer } from '../suitability/disclaimer-policy';
import { AnswerEngine } from './answer-engine';
import type { ChatReply } from './chat-reply';

export interface IdempotentRun {
  /** Runs the exchange; `prior` is the stored question of an earlier, interrupted attempt. */
  exchange(prior: ChatMessage | null): Promise<ChatReply>;
  /** Whether the exchange's events reach every socket connection of the user as it runs. */
  readonly broadcast?: boolean;
  /**
   * The reply was given before, or is being given by another call that this one waited for: no
   * new exchange runs. `broadcast` is that other call's, when it was in flight (false otherwise).
   */
  onReplay(reply: ChatReply, broadcast: boolean): void;
}

/**
 * `client_message_id` semantics: a repeat gets the first exchange's reply instead of a second
 * answer. Replies in flight are joined; replies finished here in the last minute are answered
 * from memory (a client retrying after an ack timeout gets its answer at once); older ones are
 * rebuilt from the database.
 */
@Injectable()
export class IdempotentReplies {
  private readonly inflight = new Map<string, { reply: Promise<ChatReply>; broadcast: boolean }>();
  private readonly recent = new LRUCache<string, ChatReply>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly memory: MemoryService,
    private readonly engine: AnswerEngine,
    private readonly config: AppConfig,
  ) {
    memory.onHistoryDeleted((userId) => this.forget(userId));
  }

  async once(
    userId: string,
    clientMessageId: string | undefined,
    run: IdempotentRun,
  ): Promise<ChatReply> {
    if (!clientMessageId) return run.exchange(null);
    const key = compositeKey('reply', userId, clientMessageId);
    const recent = this.recent.get(key);
    if (recent) return replayed(recent, run, false);
    const flying = this.inflight.get(key);
    if (flying) return replayed(await flying.reply, run, flying.broadcast);
    const prior = await this.memory.findByClientMessageId(userId, clientMessageId);
    if (prior) {
      const answer = await this.memory.findReplyTo(prior.id);
      // An interrupted answer (an empty "error" marker) is answered again on a retry.
      const interrupted = answer?.finish_reason === 'error' && answer.content === '';
      if (answer && !interrupted) return replayed(this.replyOf(prior, answer), run, false);
    }
    // Another call may have started while this one read the database.
    const joined = this.inflight.get(key);
    if (joined) return replayed(await joined.reply, run, joined.broadcast);
    const promise = run.exchange(prior);
    this.inflight.set(key, { reply: promise, broadcast: run.broadcast === true });
    try {
      const reply = await promise;
      if (reply.finish_reason !== 'error') this.recent.set(key, reply);
      return reply;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Forgets the user's recent replies (their history was deleted or erased). */
  forget(userId: string): void {
    const prefix = compositeKeyPrefix('reply', userId);
    for (const key of [...this.recent.keys()]) if (key.startsWith(prefix)) this.recent.delete(key);
  }

  /** Rebuilds the reply of an exchange that already happened. */
  private replyOf(question: ChatMessage, answer: ChatMessage): ChatReply {
    const prompt = answer.prompt_tokens;
    const completion = answer.completion_tokens;
    return {
      message_id: answer.id,
      user_message_id: question.id,
      conversation_id: question.conversation_id,
      response: answer.content,
      sentiment: question.sentiment ?? { label: 'neutral', score: 0, confidence: 0 },
      model: answer.model ?? this.engine.model,
      finish_reason: answer.finish_reason ?? 'stop',
      timestamp: answer.timestamp,
      sources: answer.sources ?? [],
      figures: answer.figures ?? { checked: 0, unverified: 0 },
      // Decided from the texts alone, as when the answer was first given.
      disclaimer: needsDisclaimer(question.content, answer.content)
        ? this.config.trust.disclaimerText
        : null,
      ...(prompt !== undefined && completion !== undefined
        ? {
            usage: {
              prompt_tokens: prompt,
              completion_tokens: completion,
              total_tokens: prompt + completion,
            },
          }
        : {}),
    };
  }
}

function replayed(reply: ChatReply, run: IdempotentRun, joined: boolean): ChatReply {
  run.onReplay(reply, joined);
  return reply;
}
