import { Module } from '@nestjs/common';
import { AuthModule } from '../../common/auth/auth.module';
import { AdmissionModule } from '../admission/admission.module';
import { AnswerEngineModule } from '../../infrastructure/answer-engine/answer-engine.module';
import { CacheModule } from '../../infrastructure/cache/cache.module';
import { LlmModule } from '../../infrastructure/llm/llm.module';
import { ContextModule } from '../context/context.module';
import { HealthModule } from '../health/health.module';
import { MemoryModule } from '../memory/memory.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PiiMasker } from '../privacy/pii-masker';
import { QuotaModule } from '../quota/quota.module';
import { SentimentModule } from '../sentiment/sentiment.module';
import { AnswerGenerator } from './answer-generator';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { ConversationSummarizer } from './conversation-summarizer';
import { GenerationRegistry } from './generation.registry';
import { HistoryWindowService } from './history-window.service';
import { InterruptedAnswersSweeper } from './interrupted-answers.sweeper';
import { HistoryController } from './history.controller';
import { IdempotentReplies } from './idempotent-replies';
import { SummaryService } from './summary.service';

@Module({
  imports: [
    MemoryModule,
    LlmModule,
    AnswerEngineModule,
    ContextModule,
    SentimentModule,
    CacheModule,
    MetricsModule,
    HealthModule,
    AuthModule,
    AdmissionModule,
    QuotaModule,
  ],
  controllers: [ChatController, HistoryController],
  providers: [
    ChatService,
    IdempotentReplies,
    AnswerGenerator,
    GenerationRegistry,
    HistoryWindowService,
    ConversationSummarizer,
    SummaryService,
    PiiMasker,
    InterruptedAnswersSweeper,
  ],
  exports: [ChatService, GenerationRegistry, MemoryModule],
})
export class ChatModule {}
