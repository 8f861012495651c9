import { EMOTIONS } from './lexicon';
import { isSignedFigure, type MatchedItems } from './lexicon-matcher';
import { QUESTION } from './sentence-structure';
import type { Sentiment, SentimentLabel } from './sentiment.types';
import type { NormalizedText } from './text-normalizer';

/** Score magnitude below which a message has no stance. */
export const NEUTRAL_BAND = 0.2;
/** Squashes the raw sum into (-1, 1): a raw 1 maps to ~0.45, a raw 3 to ~0.83. */
const SQUASH = 4;

/** What the scorer worked out per item (parallel to `MatchedItems`) and per sentence. */
export interface ScoreState {
  readonly contrib: Float64Array;
  readonly emotionOf: Int8Array;
  readonly subjectToken: Int32Array;
  readonly used: Uint8Array;
  readonly question: Uint8Array;
}

/**
 * Folds item contributions into the public result. Confidence grows with the amount of
 * evidence and with how much of it agrees; with no evidence it stays low.
 */
export function summarise(
  text: NormalizedText,
  items: MatchedItems,
  state: ScoreState,
  sums: Float64Array,
): Sentiment {
  sums.fill(0);
  let raw = 0;
  let evidence = 0;
  const keywords: string[] = [];
  for (let k = 0; k < items.count; k++) {
    const c = state.contrib[k];
    if (c === 0) {
      if (state.used[k]) pushUnique(keywords, itemText(text, items, k));
      continue;
    }
    raw += c;
    evidence += Math.abs(c);
    if (state.emotionOf[k] >= 0) sums[state.emotionOf[k]] += Math.abs(c);
    pushUnique(keywords, itemText(text, items, k));
    const subject = state.subjectToken[k];
    if (subject >= 0) {
      const owner = items.coverAt[subject];
      pushUnique(keywords, owner >= 0 ? itemText(text, items, owner) : text.tokens[subject]);
    }
  }

  let gain = 1 + 0.08 * Math.min(text.exclamations, 4);
  if (text.shouting) gain *= 1.2;
  const total = raw * gain;
  const score = total / Math.sqrt(total * total + SQUASH);
  const label: SentimentLabel =
    score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';

  let asked = false;
  for (let s = 0; s < text.sentenceCount; s++) if (state.question[s] === QUESTION) asked = true;
  let confidence: number;
  if (evidence < 0.05) {
    // Nothing matched: a question is neutral by construction, a statement just unknown.
    confidence = asked ? 0.55 : 0.3;
  } else if (label === 'neutral') {
    confidence = 0.3 + 0.3 * (1 - Math.abs(score) / NEUTRAL_BAND) * (asked ? 1 : 0.7);
  } else {
    const agreement = Math.abs(raw) / evidence;
    const strength = 1 - Math.exp(-evidence / 2);
    confidence = 0.3 + 0.65 * strength * agreement;
  }

  const result: Sentiment = {
    label,
    score: round(Math.max(-1, Math.min(1, score)), 3),
    confidence: round(Math.max(0, Math.min(1, confidence)), 3),
  };
  let emotions: Record<string, number> | undefined;
  for (let i = 0; i < EMOTIONS.length; i++) {
    const intensity = round(1 - Math.exp((-sums[i] * gain) / 1.5), 2);
    if (intensity >= 0.05) (emotions ??= {})[EMOTIONS[i]] = intensity;
  }
  if (emotions) result.emotions = emotions;
  if (keywords.length > 0) result.keywords = keywords;
  return result;
}

function itemText(text: NormalizedText, items: MatchedItems, k: number): string {
  const st = items.start[k];
  const en = items.end[k];
  const e = items.entries[k];
  if (isSignedFigure(e.term)) {
    return `${e.term[0]}${text.tokens[st]}${e.term[1] === '%' ? '%' : ''}`;
  }
  let out = text.tokens[st];
  for (let t = st + 1; t < en; t++) out += ' ' + text.tokens[t];
  return out;
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
