import { Module } from '@nestjs/common';
import { KnowledgeBase } from './knowledge-base';
import { OfflineAnswerComposer } from './offline-answer.composer';

/** Curated market knowledge: retrieval for LLM grounding and the offline assistant's answers. */
@Module({
  providers: [KnowledgeBase, OfflineAnswerComposer],
  exports: [KnowledgeBase, OfflineAnswerComposer],
})
export class KnowledgeModule {}
