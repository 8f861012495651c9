import { Module, OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { KnowledgeModule } from '../../modules/knowledge/knowledge.module';
import { KnowledgeBase } from '../../modules/knowledge/knowledge-base';
import { OfflineAnswerComposer } from '../../modules/knowledge/offline-answer.composer';
import { HealthService } from '../../modules/health/health.service';
import { LlmHealthProbe } from './llm-health.probe';
import { LlmProvider } from './llm-provider';
import { OfflineLlmProvider } from './offline.llm-provider';
import { OpenAiLlmProvider } from './openai.llm-provider';
import { ResilientLlmProvider } from './resilient.llm-provider';
import { TokenCounter } from './token-counter';

@Module({
  imports: [KnowledgeModule],
  providers: [
    TokenCounter,
    {
      provide: OfflineLlmProvider,
      inject: [KnowledgeBase, OfflineAnswerComposer, TokenCounter],
      useFactory: (kb: KnowledgeBase, composer: OfflineAnswerComposer, tokens: TokenCounter) =>
        new OfflineLlmProvider(kb, composer, tokens),
    },
    {
      provide: LlmProvider,
      inject: [AppConfig, OfflineLlmProvider],
      useFactory: (config: AppConfig, offline: OfflineLlmProvider): LlmProvider =>
        config.llm.apiKey
          ? new ResilientLlmProvider(
              new OpenAiLlmProvider(config),
              config.llm.fallback === 'offline' ? offline : null,
              {
                failures: config.llm.breakerFailures,
                resetMs: config.llm.breakerResetMs,
              },
            )
          : offline,
    },
  ],
  exports: [LlmProvider, OfflineLlmProvider, TokenCounter],
})
export class LlmModule implements OnModuleInit {
  constructor(
    private readonly provider: LlmProvider,
    @Optional() private readonly health?: HealthService,
  ) {}

  onModuleInit(): void {
    this.health?.registerProbe(new LlmHealthProbe(this.provider));
  }
}
