import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { KnowledgeBase } from '../../modules/knowledge/knowledge-base';
import {
  OfflineAnswerComposer,
  splitIntoChunks,
} from '../../modules/knowledge/offline-answer.composer';
import { LlmProvider, LlmRequest, LlmResult } from './llm-provider';
import { TokenCounter } from './token-counter';

export const OFFLINE_MODEL = 'offline-assistant';

/**
 * The built-in assistant used when no LLM is configured: retrieves passages from the curated
 * knowledge base and composes an answer for this user, streamed in chunks like a model.
 */
@Injectable()
export class OfflineLlmProvider extends LlmProvider {
  readonly name = 'offline' as const;
  readonly model = OFFLINE_MODEL;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly composer: OfflineAnswerComposer,
    private readonly tokens: TokenCounter,
    /** Pause between chunks, so clients see a stream (0 in benchmarks). */
    private readonly chunkDelayMs = 12,
  ) {
    super();
  }

  private answer(req: LlmRequest): string {
    const hits = req.knowledge.length > 0 ? req.knowledge : this.knowledge.search(req.question, 3);
    return this.composer.compose(req.question, hits, req.context);
  }

  async stream(req: LlmRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    const text = this.answer(req);
    for (const chunk of splitIntoChunks(text)) {
      req.signal?.throwIfAborted();
      onDelta(chunk);
      if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs, undefined, { signal: req.signal });
    }
    req.signal?.throwIfAborted();
    const prompt = req.messages.reduce((n, m) => n + this.tokens.countMessage(m.content), 0);
    const completion = this.tokens.count(text);
    return {
      finishReason: 'stop',
      model: this.model,
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      },
    };
  }

  complete(req: LlmRequest): Promise<{ text: string }> {
    return Promise.resolve({ text: this.answer(req) });
  }
}
