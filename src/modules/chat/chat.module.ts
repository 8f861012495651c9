import { Module } from '@nestjs/common';
import { LlmModule } from '../../infrastructure/llm/llm.module';
import { ContextModule } from '../context/context.module';
import { MemoryModule } from '../memory/memory.module';
import { PiiMasker } from '../privacy/pii-masker';
import { SentimentModule } from '../sentiment/sentiment.module';
import { AnswerGenerator } from './answer-generator';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { ConversationSummarizer } from './conversation-summarizer';
import { GenerationRegistry } from './generation.registry';
import { HistoryWindowService } from './history-window.service';
import { InterruptedAnswersSweeper } from './interrupted-answers.sweeper';
import { HistoryController } from './history.controller';
import { PromptBuilder } from './prompt/prompt.builder';
import { SummaryService } from './summary.service';

@Module({
  imports: [MemoryModule, LlmModule, ContextModule, SentimentModule],
  controllers: [ChatController, HistoryController],
  providers: [
    ChatService,
    AnswerGenerator,
    GenerationRegistry,
    HistoryWindowService,
    ConversationSummarizer,
    PromptBuilder,
    SummaryService,
    PiiMasker,
    InterruptedAnswersSweeper,
  ],
  exports: [ChatService, GenerationRegistry, MemoryModule],
})
export class ChatModule {}
