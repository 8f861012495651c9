export type SentimentLabel = 'positive' | 'negative' | 'neutral';

/** The contract's `Sentiment`: label, score in [-1, 1], confidence in [0, 1], plus detail. */
export interface Sentiment {
  label: SentimentLabel;
  score: number;
  confidence: number;
  /** Emotion name (miedo, frustracion, euforia, confianza, ...) to intensity in [0, 1]. */
  emotions?: Record<string, number>;
  /** The words or phrases that drove the result, as found in the text (normalised). */
  keywords?: string[];
}

/**
 * Port: analyses the stance of one message. The default implementation is local, synchronous
 * and deterministic; the port is async so an LLM-assisted implementation can sit behind it.
 */
export abstract class SentimentAnalyzer {
  abstract analyze(text: string): Promise<Sentiment>;
}
