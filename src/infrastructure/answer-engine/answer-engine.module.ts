import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AnswerEngine } from '../../modules/chat/answer-engine';
import { PromptBuilder } from '../../modules/chat/prompt/prompt.builder';
import { HealthModule } from '../../modules/health/health.module';
import { HealthService } from '../../modules/health/health.service';
import { KnowledgeBase } from '../../modules/knowledge/knowledge-base';
import { KnowledgeModule } from '../../modules/knowledge/knowledge.module';
import { OfflineAnswerComposer } from '../../modules/knowledge/offline-answer.composer';
import { LlmClient } from '../../modules/llm/llm-client';
import { MarketDataService } from '../../modules/market/market-data.service';
import { MarketModule } from '../../modules/market/market.module';
import { LiveFiguresAnswerer } from '../../modules/market/offline/live-figures.answerer';
import { MarketTools } from '../../modules/market/tools/market-tools';
import { toolDefinitions } from '../../modules/market/tools/tool-definitions';
import { MetricsModule } from '../../modules/metrics/metrics.module';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { LlmHealthProbe } from '../llm/llm-health.probe';
import { LlmModule } from '../llm/llm.module';
import { TokenCounter } from '../llm/token-counter';
import { KnowledgeAnswerEngine } from './knowledge.answer-engine';
import { LlmAnswerEngine } from './llm.answer-engine';

/**
 * The `AnswerEngine`: the LLM engine when a model is configured (with the knowledge engine as
 * its fallback under LLM_FALLBACK=offline), else the knowledge engine.
 */
@Module({
  imports: [LlmModule, KnowledgeModule, MetricsModule, HealthModule, MarketModule],
  providers: [
    PromptBuilder,
    {
      provide: AnswerEngine,
      inject: [
        AppConfig,
        LlmClient,
        PromptBuilder,
        KnowledgeBase,
        OfflineAnswerComposer,
        TokenCounter,
        MetricsService,
        MarketTools,
        MarketDataService,
      ],
      useFactory: (
        config: AppConfig,
        llm: LlmClient | null,
        prompts: PromptBuilder,
        knowledge: KnowledgeBase,
        composer: OfflineAnswerComposer,
        tokens: TokenCounter,
        metrics: MetricsService,
        tools: MarketTools,
        market: MarketDataService,
      ): AnswerEngine => {
        // Without a live source the tools could only say "unavailable": they are not offered.
        const live = market.live;
        const offline = new KnowledgeAnswerEngine(
          knowledge,
          composer,
          tokens,
          metrics,
          undefined,
          live ? new LiveFiguresAnswerer(tools) : null,
        );
        if (!llm) return offline;
        const fallback = config.llm.fallback === 'offline' ? offline : null;
        const portfolio = config.mainBackend.url !== null;
        return new LlmAnswerEngine(
          llm,
          prompts,
          metrics,
          fallback,
          live || portfolio
            ? {
                run: tools,
                definitions: toolDefinitions({ portfolio }).filter(
                  (t) => live || t.function.name === 'get_portfolio',
                ),
                maxRounds: config.tools.maxRounds,
              }
            : null,
        );
      },
    },
  ],
  exports: [AnswerEngine],
})
export class AnswerEngineModule implements OnModuleInit {
  constructor(
    @Inject(LlmHealthProbe) private readonly probe: LlmHealthProbe | null,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    if (!this.probe) return;
    const probe = this.probe;
    this.health.registerProbe(probe);
    this.health.registerDetail('llm', () => probe.endpoints());
  }
}
