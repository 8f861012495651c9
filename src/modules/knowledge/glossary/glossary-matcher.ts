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

interface AliasForm {
  entry: GlossaryEntry;
  tokens: string[];
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

/** Restricted Damerau-Levenshtein distance, stopping early once it passes `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length][b.length];
}

/**
 * Typos forgiven for an alias word: none for short words, acronyms and anything with digits
 * ("GD30" is not "GD35", "pase" is not "pasa"), one for mid-length words, two for long ones.
 */
function allowedEdits(aliasToken: string): number {
  if (/\d/.test(aliasToken) || aliasToken.length < 5) return 0;
  return aliasToken.length >= 9 ? 2 : 1;
}

/** Edits needed for a question token to be this alias token, or -1 when it is not. */
function tokenEdits(questionToken: string, aliasToken: string, inPhrase: boolean): number {
  const candidates = forms(questionToken);
  const aliasForms = forms(aliasToken);
  if (candidates.some((c) => aliasForms.includes(c))) return 0;
  // Inside a phrase the other words already anchor the match, so a four-letter word may carry
  // one typo too ("sepo cambiario", "dolar blu").
  const max =
    inPhrase && aliasToken.length === 4 && !/\d/.test(aliasToken) ? 1 : allowedEdits(aliasToken);
  if (max === 0 || questionToken.length < 3) return -1;
  let best = max + 1;
  for (const candidate of candidates) best = Math.min(best, distance(candidate, aliasToken, max));
  return best <= max ? best : -1;
}

/** Finds glossary terms in text: accents, case, plurals and small typos do not matter. */
export class GlossaryMatcher {
  private readonly aliases: AliasForm[] = [];

  constructor(entries: readonly GlossaryEntry[]) {
    for (const entry of entries) {
      const names = new Set([entry.term, ...entry.aliases]);
      for (const name of names) {
        const tokens = glossaryTokens(name);
        if (tokens.length > 0) this.aliases.push({ entry, tokens });
      }
    }
  }

  /** Every alias occurrence in the tokens (overlapping ones included). */
  private occurrences(tokens: readonly string[]): GlossaryMatch[] {
    const found: GlossaryMatch[] = [];
    for (const alias of this.aliases) {
      const n = alias.tokens.length;
      for (let start = 0; start + n <= tokens.length; start++) {
        let edits = 0;
        for (let k = 0; k < n && edits >= 0; k++) {
          const e = tokenEdits(tokens[start + k], alias.tokens[k], n > 1);
          edits = e < 0 ? -1 : edits + e;
        }
        if (edits >= 0) found.push({ entry: alias.entry, start, end: start + n, edits });
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
