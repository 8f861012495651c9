import { Logger } from '@nestjs/common';
import type { LlmClient } from '../llm/llm-client';
import { PiiMasker, PiiVault } from '../privacy/pii-masker';
import type { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { parseJudgement, SENTIMENT_INSTRUCTIONS, SENTIMENT_SCHEMA } from './sentiment-schema';
import { Sentiment, SentimentAnalyzer } from './sentiment.types';

/** Below this confidence the local analyzer asks the LLM. */
export const HYBRID_THRESHOLD = 0.5;
const LLM_BUDGET_MS = 2500;

/**
 * SENTIMENT_MODE=hybrid: the local analyzer answers when it is confident (free, fast); when it
 * is not, the LLM classifies the message with a JSON schema (identifiers masked first). Any LLM
 * failure or timeout keeps the local result, so the pipeline never waits long on this.
 */
export class HybridSentimentAnalyzer extends SentimentAnalyzer {
  private readonly logger = new Logger('HybridSentimentAnalyzer');
  private readonly masker = new PiiMasker();

  constructor(
    private readonly local: LexiconSentimentAnalyzer,
    private readonly llm: LlmClient,
  ) {
    super();
  }

  async analyze(text: string): Promise<Sentiment> {
    const local = this.local.analyzeSync(text);
    if (local.confidence >= HYBRID_THRESHOLD) return local;
    try {
      const judged = await this.classify(this.masker.mask(text, new PiiVault()));
      if (!judged) return local;
      return { ...local, label: judged.label, score: judged.score, confidence: judged.confidence };
    } catch (err) {
      this.logger.warn(
        `LLM sentiment failed, keeping the local result: ${err instanceof Error ? err.message : 'error'}`,
      );
      return local;
    }
  }

  /** The model's judgement with a JSON schema; null when its answer does not fit the schema. */
  private async classify(masked: string) {
    const { text } = await this.llm.complete({
      messages: [
        { role: 'system', content: SENTIMENT_INSTRUCTIONS },
        { role: 'user', content: `<mensaje>${masked}</mensaje>` },
      ],
      maxTokens: 60,
      temperature: 0,
      jsonSchema: SENTIMENT_SCHEMA,
      retry: false,
      signal: AbortSignal.timeout(LLM_BUDGET_MS),
    });
    return parseJudgement(text);
  }
}
