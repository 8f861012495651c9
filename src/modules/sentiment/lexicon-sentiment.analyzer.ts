import { Inject, Injectable, Optional } from '@nestjs/common';
import { DEFAULT_LEXICON, type LexiconGroup } from './lexicon';
import { LexiconMatcher } from './lexicon-matcher';
import { SentimentLexicon } from './sentiment-lexicon';
import { SentimentScorer } from './sentiment-scorer';
import { SentimentAnalyzer, type Sentiment } from './sentiment.types';
import { TextNormalizer } from './text-normalizer';

/** Optional provider of a replacement lexicon (another market, tests). */
export const SENTIMENT_LEXICON = Symbol('SENTIMENT_LEXICON');

/**
 * Local, deterministic sentiment for Rioplatense financial chat. Everything that can be
 * prepared (lexicon indexes, tables, scratch buffers) is built once at construction, so a
 * message costs one tokenizing pass, a few map lookups per token and a linear scoring pass.
 *
 * Scratch buffers are shared between calls on the same instance; that is safe because
 * `analyzeSync` never yields, so two calls can never interleave.
 */
@Injectable()
export class LexiconSentimentAnalyzer extends SentimentAnalyzer {
  private readonly normalizer = new TextNormalizer();
  private readonly matcher: LexiconMatcher;
  private readonly scorer = new SentimentScorer();

  constructor(@Optional() @Inject(SENTIMENT_LEXICON) lexicon?: readonly LexiconGroup[]) {
    super();
    const compiled = new SentimentLexicon(lexicon ?? DEFAULT_LEXICON, this.normalizer);
    this.matcher = new LexiconMatcher(compiled);
  }

  analyze(text: string): Promise<Sentiment> {
    return Promise.resolve(this.analyzeSync(text));
  }

  analyzeSync(text: string): Sentiment {
    const normalized = this.normalizer.normalize(text);
    const items = this.matcher.match(normalized);
    return this.scorer.score(normalized, items);
  }
}
