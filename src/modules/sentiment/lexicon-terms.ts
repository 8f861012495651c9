/** Reading lexicon terms as written by hand: words, stems, counts and phrases. */
import {
  COUNT_PART,
  KIND_COMPLEMENT,
  KIND_CONCESSION,
  KIND_CONDITION,
  KIND_CONNECTIVE,
  KIND_CONTRAST,
  KIND_HEARSAY,
  KIND_INTERROGATIVE,
  KIND_NEGATOR,
  KIND_NEUTRAL,
  KIND_REQUEST,
  KIND_TOPIC,
  type LexPhrase,
} from './lexicon-entry';
import type { TextNormalizer } from './text-normalizer';

/** Entry kind of each grammatical word group. */
export const WORD_KINDS = {
  negator: KIND_NEGATOR,
  contrast: KIND_CONTRAST,
  concession: KIND_CONCESSION,
  condition: KIND_CONDITION,
  connective: KIND_CONNECTIVE,
  interrogative: KIND_INTERROGATIVE,
  request: KIND_REQUEST,
  topic: KIND_TOPIC,
  hearsay: KIND_HEARSAY,
  complement: KIND_COMPLEMENT,
  neutral: KIND_NEUTRAL,
} as const;

/** Splits a lexicon term into normalised parts; a trailing "*" marks a stem. */
export function parseTerm(
  raw: string,
  normalizer: TextNormalizer,
): { parts: string[]; stemMask: number } {
  const words = raw.trim().split(/\s+/);
  const parts: string[] = [];
  let stemMask = 0;
  for (const word of words) {
    if (word === COUNT_PART) {
      parts.push(word);
      continue;
    }
    const stem = word.length > 1 && word.endsWith('*');
    const tokens = normalizer.normalize(stem ? word.slice(0, -1) : word).tokens;
    if (tokens.length !== 1) {
      throw new Error(`Sentiment lexicon: cannot read "${word}" in "${raw}"`);
    }
    if (stem) stemMask |= 1 << parts.length;
    parts.push(tokens[0]);
  }
  return { parts, stemMask };
}

export function byLengthDesc(a: LexPhrase, b: LexPhrase): number {
  return b.parts.length - a.parts.length;
}

export function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
