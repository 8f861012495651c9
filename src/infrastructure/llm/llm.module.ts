import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LlmClient } from '../../modules/llm/llm-client';
import { LlmHealthProbe } from './llm-health.probe';
import { OpenAiLlmClient } from './openai.llm-client';
import { ResilientLlmClient } from './resilient.llm-client';
import { TokenCounter } from './token-counter';

/**
 * The `LlmClient` when OPENAI_API_KEY is set (the SDK behind a circuit breaker), else `null`:
 * callers that can work without a model fall back on their own. Its health probe likewise.
 */
@Module({
  providers: [
    TokenCounter,
    {
      provide: ResilientLlmClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig): ResilientLlmClient | null =>
        config.llm.apiKey
          ? new ResilientLlmClient(new OpenAiLlmClient(config), {
              failures: config.llm.breakerFailures,
              resetMs: config.llm.breakerResetMs,
            })
          : null,
    },
    { provide: LlmClient, useExisting: ResilientLlmClient },
    {
      provide: LlmHealthProbe,
      inject: [ResilientLlmClient],
      useFactory: (client: ResilientLlmClient | null) => client && new LlmHealthProbe(client),
    },
  ],
  exports: [LlmClient, LlmHealthProbe, TokenCounter],
})
export class LlmModule {}
