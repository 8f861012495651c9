/**
 * Sparse features of one message for the learned layer: everything is hashed into a fixed
 * vector of HASHED_DIM slots, followed by RULE_DIM dense slots that carry the rule analyzer's
 * own verdict (so the model learns when to trust the rules).
 *
 * Hashed features come from the analyzer's normalised tokens (case and accents folded,
 * repeated letters squeezed, laughter and typo aliases resolved): word unigrams (marked when
 * inside a negation's reach), word bigrams, unigrams of the last sentence, character 3- to
 * 5-grams inside each word, a few message-level marks and the rule analyzer's keywords.
 * Extraction allocates nothing: the caller owns the output buffers.
 */
import {
  TOKEN_AMOUNT,
  TOKEN_CLAUSE_START,
  TOKEN_ELONGATED,
  TOKEN_EMOJI,
  TOKEN_NUMBER,
  TOKEN_PERCENT,
  type NormalizedText,
} from '../normalized-text';
import { KIND_DIRECTION } from '../lexicon-entry';
import type { MatchedItems } from '../lexicon-matcher';
import type { Sentiment } from '../sentiment.types';

/**
 * What each lexicon item the rules matched ended up contributing (after negation, subjects,
 * irony and the other adjustments): the model reads the sign of every one, not only the sum.
 */
export interface RuleEvidence {
  readonly items: MatchedItems;
  readonly contrib: Float64Array;
}

export const HASH_BITS = 17;
export const HASHED_DIM = 1 << HASH_BITS;
const MASK = HASHED_DIM - 1;
/** score, score³, one-hot label, confidence per label, "the rules found evidence". */
export const RULE_DIM = 9;
export const FEATURE_DIM = HASHED_DIM + RULE_DIM;

const NEGATORS = new Set([
  'no',
  'ni',
  'nunca',
  'jamas',
  'sin',
  'tampoco',
  'nadie',
  'ningun',
  'ninguna',
  'ninguno',
]);
const NEGATION_REACH = 3;

// Namespaces keep the feature families apart in the shared hash space.
const NS_WORD = 0x2f6b1a3d;
const NS_NEG = 0x51c3e9a7;
const NS_BIGRAM = 0x7a1d44c5;
const NS_LAST = 0x1b873593;
const NS_CHAR = 0x68e31da4;
const NS_MARK = 0x3c6ef372;
const NS_KEYWORD = 0x5bd1e995;
const NS_EVIDENCE = 0x27d4eb2f;
const NS_DIRECTION = 0x4cf5ad43;
const READ_GOOD = 0x85ebca6b;
const READ_BAD = 0xc2b2ae35 | 0;
const NS_EVIDENCE_KIND = 0x165667b1;
const BOUNDARY = 0x3a7f2b11;

/** FNV-1a over a string, from a namespace seed. */
function hashString(seed: number, s: string): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Final avalanche (murmur3 fmix32), reduced to a slot. */
function slot(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

const PERCENT_WORD = hashString(NS_WORD, '<pct>');
const AMOUNT_WORD = hashString(NS_WORD, '<amount>');
const NUMBER_WORD = hashString(NS_WORD, '<num>');
const mark = (name: string) => slot(hashString(NS_MARK, name));
const ELONGATED = mark('elongated');
const QUESTION = mark('question');
const EXCLAIMS = mark('exclaims');
const SHOUTING = mark('shouting');
const SIZES = [mark('short'), mark('medium'), mark('long'), mark('very-long')];

/** The word a token stands for: numbers collapse to their kind. */
function wordHash(text: NormalizedText, t: number): number {
  const f = text.flags[t];
  if (f & TOKEN_NUMBER) {
    if (f & TOKEN_PERCENT) return PERCENT_WORD;
    if (f & TOKEN_AMOUNT) return AMOUNT_WORD;
    return NUMBER_WORD;
  }
  return hashString(NS_WORD, text.tokens[t]);
}

/** Reusable output of one extraction: `count` (index, value) pairs. */
export class FeatureVector {
  index: Int32Array;
  value: Float32Array;
  count = 0;

  constructor(capacity = 1024) {
    this.index = new Int32Array(capacity);
    this.value = new Float32Array(capacity);
  }

  push(index: number, value: number): void {
    if (this.count === this.index.length) this.grow();
    this.index[this.count] = index;
    this.value[this.count] = value;
    this.count++;
  }

  private grow(): void {
    const index = new Int32Array(this.index.length * 2);
    const value = new Float32Array(this.value.length * 2);
    index.set(this.index);
    value.set(this.value);
    this.index = index;
    this.value = value;
  }
}

/**
 * Fills `out` with the features of `text` (the normaliser's output for the message, still
 * valid) and `rules` (the rule analyzer's verdict on it).
 */
export function extractFeatures(
  text: NormalizedText,
  rules: Sentiment,
  out: FeatureVector,
  evidence?: RuleEvidence,
): FeatureVector {
  out.count = 0;
  const n = text.count;
  const last = text.sentenceCount - 1;
  let negation = 0;
  let prev = BOUNDARY;
  for (let t = 0; t < n; t++) {
    const f = text.flags[t];
    const tok = text.tokens[t];
    if (f & TOKEN_CLAUSE_START) {
      negation = 0;
      prev = BOUNDARY;
    }
    // A market move's word ("bajó", "subió") is good or bad news only by its subject, which
    // the rules resolve: it is hashed with their reading instead of on its own.
    const read = evidence ? directionRead(evidence, t) : 0;
    const w = read === 0 ? wordHash(text, t) : Math.imul(wordHash(text, t) ^ NS_DIRECTION, read);
    out.push(slot(negation > 0 ? w ^ NS_NEG : w), 1);
    const bigram = Math.imul(prev ^ NS_BIGRAM, 0x9e3779b1) ^ w;
    out.push(slot(negation > 0 ? bigram ^ NS_NEG : bigram), 1);
    if (last > 0 && text.sentenceOf[t] === last) out.push(slot(w ^ NS_LAST), 1);
    if (f & TOKEN_ELONGATED) out.push(ELONGATED, 1);
    if (read === 0 && (f & (TOKEN_NUMBER | TOKEN_EMOJI)) === 0) charGrams(tok, negation > 0, out);
    prev = w;
    if (NEGATORS.has(tok)) negation = NEGATION_REACH;
    else if (negation > 0) negation--;
  }
  out.push(slot(Math.imul(prev ^ NS_BIGRAM, 0x9e3779b1) ^ BOUNDARY), 1);

  let asked = false;
  for (let s = 0; s < text.sentenceCount; s++) if (text.sentenceQuestion[s]) asked = true;
  if (asked) out.push(QUESTION, 1);
  if (text.exclamations > 0) out.push(EXCLAIMS, 1);
  if (text.shouting) out.push(SHOUTING, 1);
  out.push(SIZES[n <= 4 ? 0 : n <= 12 ? 1 : n <= 30 ? 2 : 3], 1);
  if (rules.keywords) {
    for (const k of rules.keywords) out.push(slot(hashString(NS_KEYWORD, k)), 1);
  }
  if (evidence) {
    // "subió" read as bad news (its subject is inflation) is one feature, read as good news
    // (the MERVAL) another; and the kind of item with its sign generalises to unseen terms.
    const { items, contrib } = evidence;
    for (let k = 0; k < items.count; k++) {
      const v = contrib[k];
      if (v === 0) continue;
      const sign = v > 0 ? 1 : 2;
      const e = items.entries[k];
      out.push(slot(hashString(NS_EVIDENCE, e.term) ^ sign), 1);
      out.push(slot(Math.imul(NS_EVIDENCE_KIND ^ e.kind, 0x9e3779b1) ^ sign), 1);
    }
  }

  // Unit length for the hashed part, so long messages do not outweigh the rule features.
  const hashed = out.count;
  if (hashed > 0) {
    const scale = 1 / Math.sqrt(hashed);
    for (let i = 0; i < hashed; i++) out.value[i] = scale;
  }

  const s = rules.score;
  const c = rules.confidence;
  const pos = rules.label === 'positive' ? 1 : 0;
  const neg = rules.label === 'negative' ? 1 : 0;
  const neu = rules.label === 'neutral' ? 1 : 0;
  out.push(HASHED_DIM, s);
  out.push(HASHED_DIM + 1, s * s * s);
  out.push(HASHED_DIM + 2, pos);
  out.push(HASHED_DIM + 3, neg);
  out.push(HASHED_DIM + 4, neu);
  out.push(HASHED_DIM + 5, c * pos);
  out.push(HASHED_DIM + 6, c * neg);
  out.push(HASHED_DIM + 7, c * neu);
  out.push(HASHED_DIM + 8, rules.keywords && rules.keywords.length > 0 ? 1 : 0);
  return out;
}

/** How the rules read the market move covering token `t`: good news, bad news, or 0. */
function directionRead({ items, contrib }: RuleEvidence, t: number): number {
  const k = items.coverAt[t];
  if (k < 0 || items.entries[k].kind !== KIND_DIRECTION || contrib[k] === 0) return 0;
  return contrib[k] > 0 ? READ_GOOD : READ_BAD;
}

/**
 * Character 3- to 5-grams of the word padded with boundary marks ("^word$"); inside a
 * negation's reach they are hashed apart, like the word itself.
 */
function charGrams(tok: string, negated: boolean, out: FeatureVector): void {
  const len = tok.length + 2;
  const seed = (negated ? NS_CHAR ^ NS_NEG : NS_CHAR) ^ 0x811c9dc5;
  for (let i = 0; i + 3 <= len; i++) {
    let h = seed;
    for (let j = i; j < len && j < i + 5; j++) {
      const c = j === 0 ? 94 : j === len - 1 ? 36 : tok.charCodeAt(j - 1);
      h = Math.imul(h ^ c, 0x01000193);
      if (j - i >= 2) out.push(slot(h ^ (j - i)), 1);
    }
  }
}
