import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Agent } from 'undici';
import { AppConfig } from '../../config/app-config';
import { LlmClient } from '../../modules/llm/llm-client';
import { MetricsModule } from '../../modules/metrics/metrics.module';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { FailoverLlmClient, LlmRoute } from './failover.llm-client';
import { LlmHealthProbe } from './llm-health.probe';
import { OpenAiLlmClient } from './openai.llm-client';
import { TokenCounter } from './token-counter';
import { createLlmAgent } from './undici-fetch';

const LLM_AGENT = 'LLM_AGENT';

/**
 * The `LlmClient` when a model is configured (OPENAI_API_KEY or AZURE_OPENAI_*, plus an optional
 * fallback endpoint): the SDK per endpoint, each behind its own circuit breaker, tried in order.
 * Without one it is `null`: callers that can work without a model fall back on their own.
 */
@Module({
  imports: [MetricsModule],
  providers: [
    TokenCounter,
    { provide: LLM_AGENT, useFactory: (): Agent => createLlmAgent() },
    {
      provide: FailoverLlmClient,
      inject: [AppConfig, LLM_AGENT, MetricsService],
      useFactory: (config: AppConfig, agent: Agent, metrics: MetricsService) => {
        const { endpoints } = config.llm;
        if (endpoints.length === 0) return null;
        const logger = new Logger('LlmClient');
        const settings = {
          timeoutMs: config.llm.timeoutMs,
          maxRetries: config.llm.maxRetries,
          maxTokens: config.llm.maxTokens,
        };
        const routes = endpoints.map(
          (endpoint, i) =>
            new LlmRoute(
              new OpenAiLlmClient(
                endpoint,
                settings,
                agent,
                i === 0 ? endpoint.kind : `${endpoint.kind}_fallback`,
              ),
              { failures: config.llm.breakerFailures, resetMs: config.llm.breakerResetMs },
              logger,
            ),
        );
        return new FailoverLlmClient(routes, metrics);
      },
    },
    { provide: LlmClient, useExisting: FailoverLlmClient },
    {
      provide: LlmHealthProbe,
      inject: [FailoverLlmClient],
      useFactory: (client: FailoverLlmClient | null) => client && new LlmHealthProbe(client),
    },
  ],
  exports: [LlmClient, LlmHealthProbe, TokenCounter],
})
export class LlmModule implements OnApplicationShutdown {
  constructor(@Inject(LLM_AGENT) private readonly agent: Agent) {}

  /**
   * Lets answers still streaming end, then cuts. On application shutdown, not module destroy:
   * Nest runs every onModuleDestroy before the graceful drain (beforeApplicationShutdown), and
   * closing the agent there held readiness and cut the answers the drain lets finish.
   */
  async onApplicationShutdown(): Promise<void> {
    const closed = this.agent.close().then(
      () => true,
      () => true,
    );
    const late = new Promise<false>((r) => setTimeout(() => r(false), 1000).unref());
    if (!(await Promise.race([closed, late]))) await this.agent.destroy().catch(() => undefined);
  }
}
