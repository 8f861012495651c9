import { EMOTIONS } from './lexicon';
import {
  COUNT_PART,
  FLAG_FIXED,
  FLAG_PERSONAL,
  FLAG_TOPICAL,
  KIND_DIRECTION,
  KIND_NEUTRAL,
  KIND_POLAR,
  NO_SUBJECT,
  type LexEntry,
  type LexPhrase,
} from './lexicon-entry';
import type { SentimentLexicon } from './sentiment-lexicon';
import {
  TOKEN_CLAUSE_START,
  TOKEN_ELONGATED,
  TOKEN_EMOJI,
  TOKEN_NUMBER,
  TOKEN_PERCENT,
  TOKEN_SIGN_MINUS,
  TOKEN_SIGN_PLUS,
  TOKEN_UPPER,
  type NormalizedText,
} from './normalized-text';

/** Words that may sit inside a phrase without breaking it ("me comí TODA la bajada"). */
const PHRASE_FILLERS: ReadonlyMap<string, number> = new Map([
  ['re', 1.4],
  ['recontra', 1.6],
  ['muy', 1.3],
  ['super', 1.4],
  ['tan', 1.2],
  ['todo', 1],
  ['toda', 1],
  ['todos', 1],
  ['todas', 1],
]);

const EUFORIA = EMOTIONS.indexOf('euforia');
const FRUSTRACION = EMOTIONS.indexOf('frustracion');

function syntheticEntry(term: string, kind: number, value: number, emotion: number): LexEntry {
  return {
    term,
    kind,
    value,
    fallback: value,
    emotion,
    flags: FLAG_FIXED | FLAG_TOPICAL,
    subject: NO_SUBJECT,
  };
}

/** "+12%" and "-4%" are movements: good for an asset, bad for inflation or the dollar. */
const PERCENT_UP = syntheticEntry('+%', KIND_DIRECTION, 0.9, EUFORIA);
const PERCENT_DOWN = syntheticEntry('-%', KIND_DIRECTION, -0.9, FRUSTRACION);
/**
 * "+$50.000", "-200 lucas": the writer's own money won or lost. Unlike a percentage it is not a
 * movement of whatever it names ("-$30.000 de comisiones" is still money gone).
 */
const AMOUNT_UP = syntheticEntry('+$', KIND_POLAR, 0.9, EUFORIA);
const AMOUNT_DOWN = syntheticEntry('-$', KIND_POLAR, -0.9, FRUSTRACION);

export const COUNT_WORDS: ReadonlySet<string> = new Set([
  'un',
  'una',
  'unos',
  'unas',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
  'diez',
  'quince',
  'veinte',
  'treinta',
  'cuarenta',
  'cincuenta',
  'sesenta',
  'noventa',
  'cien',
  'varios',
  'varias',
  'muchos',
  'muchas',
]);

/** Whether a term is one of the signed figures above ("+%", "-$"). */
export function isSignedFigure(term: string): boolean {
  return term.length === 2 && (term[0] === '+' || term[0] === '-');
}
/** A drawn-out "noooo" on its own is dismay, not a negation. */
const DISMAY = { ...syntheticEntry('no', KIND_POLAR, -1.2, FRUSTRACION), flags: FLAG_FIXED };
const CHEER = { ...syntheticEntry('si', KIND_POLAR, 1, EUFORIA), flags: FLAG_FIXED };

/**
 * Lexicon hits of one message, as parallel arrays in token order. Owned by the matcher and
 * reused between calls.
 */
export class MatchedItems {
  count = 0;
  readonly entries: LexEntry[] = [];
  start = new Int32Array(64);
  end = new Int32Array(64);
  boost = new Float64Array(64);
  /** Per token: index of the item covering it, or -1. */
  coverAt = new Int32Array(128);
  /** Per token: subject sign of what it names (1, -1, 0) or NO_SUBJECT. */
  subjectAt = new Int8Array(128);
  /** First-person words seen ("mi", "tengo"): the writer speaks of their own money. */
  personal = 0;
}

/** Finds lexicon terms in a normalised message, longest phrase first. */
export class LexiconMatcher {
  private readonly items = new MatchedItems();
  private readonly buckets: LexPhrase[][] = [];
  // Second and third results of the phrase search, kept here to avoid allocating a tuple.
  private phraseEnd = 0;
  private phraseBoost = 1;

  constructor(private readonly lexicon: SentimentLexicon) {}

  match(text: NormalizedText): MatchedItems {
    const items = this.items;
    const n = text.count;
    this.ensureCapacity(n);
    items.count = 0;
    items.personal = 0;
    items.coverAt.fill(-1, 0, n);
    items.subjectAt.fill(NO_SUBJECT, 0, n);
    const { tokens, flags } = text;

    for (let i = 0; i < n;) {
      const tok = tokens[i];
      const f = flags[i];
      let entry: LexEntry | undefined;
      let end = i + 1;
      let boost = 1;

      if (f & TOKEN_EMOJI) {
        entry = this.lexicon.word(tok);
      } else if (f & TOKEN_NUMBER) {
        if (f & TOKEN_PERCENT) {
          if (f & TOKEN_SIGN_PLUS) entry = PERCENT_UP;
          else if (f & TOKEN_SIGN_MINUS) entry = PERCENT_DOWN;
        } else if (f & TOKEN_SIGN_PLUS) entry = AMOUNT_UP;
        else if (f & TOKEN_SIGN_MINUS) entry = AMOUNT_DOWN;
        else {
          // "10 de 10": a few phrases open with a figure.
          const phrase = this.longestPhrase(text, i);
          if (phrase !== undefined) {
            entry = phrase.entry;
            end = this.phraseEnd;
          }
        }
      } else if (
        f & TOKEN_ELONGATED &&
        (tok === 'no' || tok === 'si') &&
        this.standsAlone(text, i)
      ) {
        entry = tok === 'no' ? DISMAY : CHEER;
      } else {
        const phrase = this.longestPhrase(text, i);
        if (phrase !== undefined) {
          entry = phrase.entry;
          end = this.phraseEnd;
          boost = this.phraseBoost;
        } else {
          entry = this.lexicon.word(tok);
          if (entry === undefined && tok.length >= 3) {
            entry = this.lexicon.lookupWord(tok);
            boost = this.lexicon.lastBoost;
          }
        }
      }

      if (entry !== undefined && entry.flags & FLAG_PERSONAL) items.personal++;
      if (entry !== undefined && (entry.kind !== KIND_NEUTRAL || entry.subject !== NO_SUBJECT)) {
        const k = items.count++;
        items.entries[k] = entry;
        items.start[k] = i;
        items.end[k] = end;
        items.boost[k] = boost;
        for (let t = i; t < end; t++) {
          items.coverAt[t] = k;
          if (entry.subject !== NO_SUBJECT) items.subjectAt[t] = entry.subject;
        }
      } else if (entry === undefined && looksLikeTicker(tok, f, text.shouting)) {
        // Unknown capitalised codes (TGNO4, VIST) and bond tickers (AL30) are assets.
        items.subjectAt[i] = 1;
      }
      i = end;
    }
    items.entries.length = items.count;
    return items;
  }

  private longestPhrase(text: NormalizedText, i: number): LexPhrase | undefined {
    const tok = text.tokens[i];
    const isCount = (text.flags[i] & TOKEN_NUMBER) !== 0 || COUNT_WORDS.has(tok);
    const nb = this.lexicon.phrasesFor(tok, isCount, this.buckets, 0);
    let best: LexPhrase | undefined;
    let bestEnd = -1;
    let bestBoost = 1;
    for (let b = 0; b < nb; b++) {
      const list = this.buckets[b];
      for (let p = 0; p < list.length; p++) {
        const phrase = list[p];
        // Lists are sorted longest first, and fillers add at most two tokens to a phrase.
        if (best !== undefined && i + phrase.parts.length + 2 <= bestEnd) break;
        const end = this.matchPhrase(text, i, phrase);
        if (end > bestEnd) {
          best = phrase;
          bestEnd = end;
          bestBoost = this.phraseBoost;
        }
      }
    }
    this.phraseEnd = bestEnd;
    this.phraseBoost = bestBoost;
    return best;
  }

  private matchPhrase(text: NormalizedText, i: number, phrase: LexPhrase): number {
    const { tokens, flags, count } = text;
    const parts = phrase.parts;
    let j = i + 1;
    let k = 1;
    let skips = 0;
    let boost = 1;
    while (k < parts.length) {
      if (j >= count) return -1;
      const f = flags[j];
      if (f & (TOKEN_CLAUSE_START | TOKEN_EMOJI | TOKEN_PERCENT)) return -1;
      const t = tokens[j];
      const part = parts[k];
      const hit =
        part === COUNT_PART
          ? (f & TOKEN_NUMBER) !== 0 || COUNT_WORDS.has(t)
          : phrase.stemMask & (1 << k)
            ? t.startsWith(part)
            : t === part;
      if (hit) {
        k++;
        j++;
        continue;
      }
      const filler = skips < 2 ? PHRASE_FILLERS.get(t) : undefined;
      if (filler === undefined) return -1;
      boost *= filler;
      skips++;
      j++;
    }
    this.phraseBoost = boost;
    return j;
  }

  private standsAlone(text: NormalizedText, i: number): boolean {
    return i + 1 >= text.count || (text.flags[i + 1] & TOKEN_CLAUSE_START) !== 0;
  }

  private ensureCapacity(tokens: number): void {
    const items = this.items;
    if (items.coverAt.length < tokens) {
      items.coverAt = new Int32Array(tokens * 2);
      items.subjectAt = new Int8Array(tokens * 2);
    }
    if (items.start.length < tokens) {
      items.start = new Int32Array(tokens * 2);
      items.end = new Int32Array(tokens * 2);
      items.boost = new Float64Array(tokens * 2);
    }
  }
}

function looksLikeTicker(tok: string, flags: number, shouting: boolean): boolean {
  if (tok.length < 2 || tok.length > 6) return false;
  if (flags & TOKEN_UPPER && !shouting) return true;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else letters++;
  }
  return letters >= 2 && digits >= 1 && letters <= 4;
}
