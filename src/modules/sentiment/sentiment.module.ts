import { Module } from '@nestjs/common';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentAnalyzer } from './sentiment.types';

/**
 * Sentiment analysis behind the `SentimentAnalyzer` port. The local lexicon analyzer is also
 * exported under its own class, so an implementation that wraps it (an LLM-assisted one, for
 * instance) can inject it and take over the port by replacing the `SentimentAnalyzer` provider.
 */
@Module({
  providers: [
    LexiconSentimentAnalyzer,
    { provide: SentimentAnalyzer, useClass: LexiconSentimentAnalyzer },
  ],
  exports: [LexiconSentimentAnalyzer, SentimentAnalyzer],
})
export class SentimentModule {}
