import { setTimeout as sleep } from 'node:timers/promises';
import { AnswerEngine, AnswerRequest, AnswerResult } from '../../modules/chat/answer-engine';
import type { KnowledgeBase } from '../../modules/knowledge/knowledge-base';
import {
  OfflineAnswerComposer,
  splitIntoChunks,
} from '../../modules/knowledge/offline-answer.composer';
import type { MetricsService } from '../../modules/metrics/metrics.service';
import type { TokenCounter } from '../llm/token-counter';
import type {
  LiveFigureAnswer,
  LiveFiguresAnswerer,
} from '../../modules/market/offline/live-figures.answerer';
import { startAnswerTimer } from './engine-metrics';
import { promptSha256 } from '../../modules/audit/audit-record';

export const OFFLINE_MODEL = 'offline-assistant';

/**
 * The built-in assistant used when no LLM is configured: composes an answer for this user from
 * the curated knowledge base, streamed in chunks like a model.
 */
export class KnowledgeAnswerEngine extends AnswerEngine {
  readonly model = OFFLINE_MODEL;

  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly composer: OfflineAnswerComposer,
    private readonly tokens: TokenCounter,
    private readonly metrics: MetricsService,
    /** Pause between chunks, so clients see a stream (0 in tests that want it fast). */
    private readonly chunkDelayMs = 12,
    /** Current-figure questions, answered from the market tools before the knowledge base. */
    private readonly liveFigures: LiveFiguresAnswerer | null = null,
  ) {
    super();
  }

  async answer(req: AnswerRequest, onDelta: (text: string) => void): Promise<AnswerResult> {
    const question = req.mask(req.question);
    const hits =
      req.context.knowledge.length > 0 ? req.context.knowledge : this.knowledge.search(question, 3);
    const live = await this.liveFigure(question, req);
    const text =
      live?.text ??
      this.composer.compose(question, hits, {
        ...req.context.profile,
        sentiment_label: req.sentiment,
        sentiment_emotions: req.emotions,
        profile_status: req.context.suitability?.status,
        profile_max_age_days: req.context.suitability?.maxAgeDays,
      });
    // What the composer read stands for the prompt: the question and the passages.
    req.onPrompt?.({
      provider: 'offline',
      sha256: promptSha256([
        { role: 'user', content: question },
        ...hits.map((h) => ({ role: 'knowledge', content: h.passage.text })),
      ]),
    });
    const timer = startAnswerTimer(this.metrics, 'offline');
    const { signal } = req;
    for (const chunk of splitIntoChunks(text)) {
      signal.throwIfAborted();
      timer.delta();
      onDelta(chunk);
      if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs, undefined, { signal });
    }
    signal.throwIfAborted();
    // What the composer read: the question and the passages it drew on.
    const prompt =
      this.tokens.countMessage(question) +
      hits.reduce((n, h) => n + this.tokens.countMessage(h.passage.text), 0);
    const completion = this.tokens.count(text);
    const usage = {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    };
    timer.completed(usage);
    return {
      finishReason: 'stop',
      model: this.model,
      usage,
      ...(live ? { sources: live.sources, toolResults: live.results, tools: live.audit } : {}),
    };
  }

  /** The same tools the model calls, for "¿a cuánto está el dólar MEP?" and the like. */
  private async liveFigure(question: string, req: AnswerRequest): Promise<LiveFigureAnswer | null> {
    if (!this.liveFigures) return null;
    const caller = req.caller ?? { userId: '', token: '' };
    const asked = this.liveFigures.answer(question, caller, (tool, status) =>
      req.onTool?.(tool, status),
    );
    // A stop while a source is slow ends the answer now; the lookup finishes into the cache.
    return await Promise.race([
      asked,
      new Promise<never>((_, reject) => {
        req.signal.throwIfAborted();
        req.signal.addEventListener('abort', () => reject(req.signal.reason as Error), {
          once: true,
        });
      }),
    ]);
  }
}
