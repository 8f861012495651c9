import { Inject, Injectable, Optional } from '@nestjs/common';
import { DEFAULT_LEXICON, type LexiconGroup } from './lexicon';
import { LexiconMatcher } from './lexicon-matcher';
import type { RuleEvidence } from './model/features';
import { LearnedLayer } from './model/learned-layer';
import type { ModelWeightsFile } from './model/linear-model';
import WEIGHTS from './model/weights.json';
import { SentimentLexicon } from './sentiment-lexicon';
import { SentimentScorer } from './sentiment-scorer';
import { SentimentAnalyzer, type Sentiment } from './sentiment.types';
import { TextNormalizer, type NormalizedText } from './text-normalizer';

/** Optional provider of a replacement lexicon (another market, tests). */
export const SENTIMENT_LEXICON = Symbol('SENTIMENT_LEXICON');
/**
 * Optional learned layer over the rules: `null` keeps the rules alone (the trainer, rules-only
 * evaluation); absent, the shipped `model/weights.json` is used with the default lexicon.
 */
export const SENTIMENT_MODEL = Symbol('SENTIMENT_MODEL');

let shipped: LearnedLayer | undefined;
/** The shipped weights, decoded once per process. */
function shippedLayer(): LearnedLayer {
  return (shipped ??= LearnedLayer.fromFile(WEIGHTS as ModelWeightsFile));
}

/**
 * Local, deterministic sentiment for Rioplatense financial chat. Everything that can be
 * prepared (lexicon indexes, tables, scratch buffers) is built once at construction, so a
 * message costs one tokenizing pass, a few map lookups per token and a linear scoring pass,
 * then the learned layer (a linear model over hashed text features and the rules' verdict)
 * gives the final label, score and confidence.
 *
 * Scratch buffers are shared between calls on the same instance; that is safe because
 * `analyzeSync` never yields, so two calls can never interleave.
 */
@Injectable()
export class LexiconSentimentAnalyzer extends SentimentAnalyzer {
  private readonly normalizer = new TextNormalizer();
  private readonly matcher: LexiconMatcher;
  private readonly scorer = new SentimentScorer();
  private readonly layer: LearnedLayer | null;

  constructor(
    @Optional() @Inject(SENTIMENT_LEXICON) lexicon?: readonly LexiconGroup[],
    @Optional() @Inject(SENTIMENT_MODEL) model?: LearnedLayer | null,
  ) {
    super();
    const compiled = new SentimentLexicon(lexicon ?? DEFAULT_LEXICON, this.normalizer);
    this.matcher = new LexiconMatcher(compiled);
    // The shipped weights learned the default lexicon's verdicts: a replacement lexicon runs
    // on its rules alone unless a model is injected with it.
    this.layer = model !== undefined ? model : lexicon ? null : shippedLayer();
  }

  analyze(text: string): Promise<Sentiment> {
    return Promise.resolve(this.analyzeSync(text));
  }

  analyzeSync(text: string): Sentiment {
    const normalized = this.normalizer.normalize(text);
    const items = this.matcher.match(normalized);
    const rules = this.scorer.score(normalized, items);
    if (!this.layer) return rules;
    return this.layer.refine(normalized, rules, { items, contrib: this.scorer.contributions });
  }

  /**
   * The rules' verdict, the normalised text and the per-item evidence it came from, for the
   * trainer. All are scratch buffers: read them inside `use`, before the next call.
   */
  inspect<T>(
    text: string,
    use: (normalized: NormalizedText, rules: Sentiment, evidence: RuleEvidence) => T,
  ): T {
    const normalized = this.normalizer.normalize(text);
    const items = this.matcher.match(normalized);
    const rules = this.scorer.score(normalized, items);
    return use(normalized, rules, { items, contrib: this.scorer.contributions });
  }
}
