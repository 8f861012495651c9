import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LlmModule } from '../../infrastructure/llm/llm.module';
import { LlmClient } from '../llm/llm-client';
import { HybridSentimentAnalyzer } from './hybrid-sentiment.analyzer';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentAnalyzer } from './sentiment.types';

/**
 * Sentiment analysis behind the `SentimentAnalyzer` port: the local lexicon analyzer, or, with
 * SENTIMENT_MODE=hybrid and an LLM configured, the hybrid one that wraps it.
 */
@Module({
  imports: [LlmModule],
  providers: [
    LexiconSentimentAnalyzer,
    {
      provide: SentimentAnalyzer,
      inject: [AppConfig, LexiconSentimentAnalyzer, LlmClient],
      useFactory: (
        config: AppConfig,
        local: LexiconSentimentAnalyzer,
        llm: LlmClient | null,
      ): SentimentAnalyzer =>
        config.sentimentMode === 'hybrid' && llm ? new HybridSentimentAnalyzer(local, llm) : local,
    },
  ],
  exports: [LexiconSentimentAnalyzer, SentimentAnalyzer],
})
export class SentimentModule {}
