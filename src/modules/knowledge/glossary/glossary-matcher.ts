import { foldText, stemSpanish } from '../knowledge-base';
import type { GlossaryEntry } from './glossary.types';

/** A glossary term found in a question, with where it starts and ends (token indices). */
export interface GlossaryMatch {
  entry: GlossaryEntry;
  start: number;
  end: number;
  /** Typing mistakes forgiven to find it. */
  edits: number;
}

/** Splits folded text into word tokens, keeping "T+1" as "t1" and "24hs" together. */
export function glossaryTokens(text: string): string[] {
  return foldText(text)
    .replace(/\bt\s?\+\s?(\d)\b/g, 't$1')
    .split(/[^a-z0-9ñ]+/)
    .filter((t) => t.length > 0);
}

/** Spellings of one token the matcher accepts as equal: its light stem and its form without "s". */
function forms(token: string): string[] {
  const out = [token, stemSpanish(token)];
  if (token.length >= 3 && token.endsWith('s')) out.push(token.slice(0, -1));
  if (token.length >= 5 && token.endsWith('es')) out.push(token.slice(0, -2));
  return out;
}

/** Scratch rows for the distance; words longer than this never get a typo forgiven. */
const MAX_WORD = 40;
const rows = [0, 1, 2].map(() => new Int32Array(MAX_WORD + 1));

/** Restricted Damerau-Levenshtein distance, stopping early once it passes `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max || a.length > MAX_WORD || b.length > MAX_WORD)
    return max + 1;
  // Three rolling rows: the one before the previous is needed for transpositions.
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

/**
 * Typos forgiven for an alias word: none for short words, acronyms and anything with digits
 * ("GD30" is not "GD35", "pase" is not "pasa"), one for mid-length words, two for long ones.
 */
function allowedEdits(aliasToken: string): number {
  if (/\d/.test(aliasToken) || aliasToken.length < 5) return 0;
  return aliasToken.length >= 9 ? 2 : 1;
}

/** One word of an alias, prepared once: its accepted spellings and the typos it forgives. */
interface AliasWord {
  /** Index into the matcher's word list, for the per-question comparison table. */
  id: number;
  text: string;
  forms: ReadonlySet<string>;
  /** Typos forgiven when the word is the whole alias, and when it is part of a phrase. */
  maxAlone: number;
  maxInPhrase: number;
}

interface PreparedAlias {
  entry: GlossaryEntry;
  words: AliasWord[];
}

/**
 * Everyday words one typo away from a term ("calle" from "cable", "diferencia" from
 * "diferencial"): written correctly, they are never read as a misspelt term.
 */
const EVERYDAY_WORDS = new Set(
  'calle calles carro carros rato ratos diferencia diferencias bolso futura futuras cabe opinion'.split(
    ' ',
  ),
);

/** Edits needed for a question token (given its spellings) to be this word, or -1. */
function wordEdits(
  token: string,
  tokenForms: readonly string[],
  word: AliasWord,
  inPhrase: boolean,
): number {
  if (tokenForms.some((f) => word.forms.has(f))) return 0;
  const max = inPhrase ? word.maxInPhrase : word.maxAlone;
  if (max === 0 || token.length < 3 || EVERYDAY_WORDS.has(token)) return -1;
  let best = max + 1;
  for (const f of tokenForms) {
    // Typos rarely hit both of the first two letters; checking that first skips most pairs.
    const anchored = f[0] === word.text[0] || f[1] === word.text[1];
    if (anchored && Math.abs(f.length - word.text.length) <= max)
      best = Math.min(best, distance(f, word.text, max));
  }
  return best <= max ? best : -1;
}

/** Finds glossary terms in text: accents, case, plurals and small typos do not matter. */
export class GlossaryMatcher {
  private readonly aliases: PreparedAlias[] = [];
  private readonly wordCount: number;

  constructor(entries: readonly GlossaryEntry[]) {
    const words = new Map<string, AliasWord>();
    const wordOf = (text: string): AliasWord => {
      let word = words.get(text);
      if (!word) {
        const maxAlone = allowedEdits(text);
        // Inside a phrase the other words already anchor the match, so a four-letter word may
        // carry one typo too ("sepo cambiario", "dolar blu").
        const maxInPhrase = text.length === 4 && !/\d/.test(text) ? 1 : maxAlone;
        word = { id: words.size, text, forms: new Set(forms(text)), maxAlone, maxInPhrase };
        words.set(text, word);
      }
      return word;
    };
    for (const entry of entries) {
      for (const name of new Set([entry.term, ...entry.aliases])) {
        const tokens = glossaryTokens(name);
        if (tokens.length > 0) this.aliases.push({ entry, words: tokens.map(wordOf) });
      }
    }
    this.wordCount = words.size;
  }

  /**
   * Every alias occurrence in the tokens (overlapping ones included). Each (token, word) pair
   * is compared once per question: aliases share words, and typo distances are the cost.
   */
  private occurrences(tokens: readonly string[]): GlossaryMatch[] {
    const tokenForms = tokens.map(forms);
    // -2 marks a pair not compared yet.
    const stride = tokens.length * 2;
    const memo = new Int8Array(this.wordCount * stride).fill(-2);
    const edits = (i: number, word: AliasWord, inPhrase: boolean): number => {
      const slot = word.id * stride + i * 2 + (inPhrase ? 1 : 0);
      if (memo[slot] === -2) memo[slot] = wordEdits(tokens[i], tokenForms[i], word, inPhrase);
      return memo[slot];
    };
    const found: GlossaryMatch[] = [];
    for (const alias of this.aliases) {
      const n = alias.words.length;
      const inPhrase = n > 1;
      for (let start = 0; start + n <= tokens.length; start++) {
        let total = 0;
        for (let k = 0; k < n && total >= 0; k++) {
          const e = edits(start + k, alias.words[k], inPhrase);
          total = e < 0 ? -1 : total + e;
        }
        if (total >= 0) found.push({ entry: alias.entry, start, end: start + n, edits: total });
      }
    }
    return found;
  }

  /**
   * The terms of a question, longest first and without overlaps: "plazo fijo UVA" wins over
   * "plazo fijo", "dólar MEP" over "dólar"; an exact spelling wins over a forgiven typo.
   */
  find(tokens: readonly string[]): GlossaryMatch[] {
    const all = this.occurrences(tokens).sort(
      (a, b) => b.end - b.start - (a.end - a.start) || a.edits - b.edits || a.start - b.start,
    );
    const taken = new Array<boolean>(tokens.length).fill(false);
    const chosen: GlossaryMatch[] = [];
    for (const match of all) {
      let free = true;
      for (let i = match.start; i < match.end; i++) if (taken[i]) free = false;
      if (!free) continue;
      for (let i = match.start; i < match.end; i++) taken[i] = true;
      chosen.push(match);
    }
    return chosen.sort((a, b) => a.start - b.start);
  }
}
