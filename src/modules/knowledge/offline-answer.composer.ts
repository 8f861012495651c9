import { Inject, Injectable, Optional } from '@nestjs/common';
import { GlossaryAnswerer } from './answerers/glossary.answerer';
import { RetrievalAnswerer } from './answerers/retrieval.answerer';
import { OrderRequestAnswerer } from './answerers/order-request.answerer';
import { SmallTalkAnswerer } from './answerers/small-talk.answerer';
import type { KnowledgeHit, OfflineAnswerContext } from './knowledge.types';
import { analyzeQuestion, type OfflineAnswerer } from './offline-answerer';
import { withSuitabilityNote } from './suitability-note';

export { splitIntoChunks } from './answer-text';

/** Optional DI token: the ordered answerers, when a module wants a different list. */
export const OFFLINE_ANSWERERS = Symbol('OFFLINE_ANSWERERS');

/**
 * The default order: requests to place orders or to be told what to buy are declined first
 * (the suitability rules), then conversational turns, then the glossary's definitions, then free
 * retrieval, which always answers (at worst saying that it knows nothing reliable). A new step
 * that must run before retrieval goes in front of it.
 */
export function defaultOfflineAnswerers(): OfflineAnswerer[] {
  return [
    new OrderRequestAnswerer(),
    new SmallTalkAnswerer(),
    new GlossaryAnswerer(),
    new RetrievalAnswerer(),
  ];
}

/** Writes the offline assistant's answer: the first answerer that has one wins. */
@Injectable()
export class OfflineAnswerComposer {
  private readonly answerers: readonly OfflineAnswerer[];

  constructor(@Optional() @Inject(OFFLINE_ANSWERERS) answerers?: readonly OfflineAnswerer[]) {
    this.answerers = answerers ?? defaultOfflineAnswerers();
  }

  compose(question: string, hits: KnowledgeHit[], ctx: OfflineAnswerContext): string {
    const q = analyzeQuestion(question, hits, ctx);
    for (const answerer of this.answerers) {
      const text = answerer.answer(q);
      if (text !== null) return withSuitabilityNote(text, q, answerer.name);
    }
    // Only reached with a list that lacks the retrieval answerer, which always answers.
    return withSuitabilityNote(new RetrievalAnswerer().answer(q), q, 'retrieval');
  }
}
