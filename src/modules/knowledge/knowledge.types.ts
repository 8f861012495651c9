/** How risky the instrument described by a passage is; lets answers adapt to a risk profile. */
export type PassageRiskLevel = 'low' | 'medium' | 'high';

/** One curated passage of the Argentine-market knowledge base. */
export interface KnowledgePassage {
  id: string;
  title: string;
  /** Spanish text, correct and, where a fact changes over time, dated ("a noviembre de 2026"). */
  text: string;
  tags: string[];
  /** ISO date (YYYY-MM-DD) of the last review of the facts in this passage. */
  reviewed_at: string;
  /** Set only when the passage describes an investable instrument. */
  risk_level?: PassageRiskLevel;
  /**
   * Where a user should verify the facts of this passage that change over time, in Spanish
   * (e.g. 'el BCRA (bcra.gob.ar)'). Present only when the passage holds such facts.
   */
  official_source?: string;
}

export interface KnowledgeHit {
  passage: KnowledgePassage;
  score: number;
}

/** What the offline assistant knows about the user when it composes an answer. */
export interface OfflineAnswerContext {
  /** e.g. 'conservador' | 'moderado' | 'agresivo' (free text from the main backend). */
  risk_profile?: string;
  favorite_tickers?: string[];
  investment_goals?: string[];
  portfolio_value?: number;
  /** Sentiment label of the user's message: a worried user gets a calmer, risk-aware answer. */
  sentiment_label?: 'positive' | 'negative' | 'neutral';
  /**
   * Emotion name (miedo, enojo, frustracion, ...) to intensity in [0, 1], as the sentiment
   * analyzer reports it: the opening acknowledges the feeling that was actually detected.
   */
  sentiment_emotions?: Record<string, number>;
  display_name?: string;
  /** Whether the investor profile is current, stale (or undated) or missing. */
  profile_status?: 'current' | 'stale' | 'missing';
  /** PROFILE_MAX_AGE_DAYS, quoted when the profile is stale. */
  profile_max_age_days?: number;
}
