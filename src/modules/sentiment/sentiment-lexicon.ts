import { EMOTIONS, type LexiconGroup } from './lexicon';
import {
  COUNT_PART,
  FLAG_AFTER,
  FLAG_APPLAUSE,
  FLAG_AMPLIFIER,
  FLAG_BEFORE,
  FLAG_EMPHATIC,
  FLAG_FIXED,
  FLAG_INTERJECTION,
  FLAG_IRONIC,
  FLAG_IRONY_MARKER,
  FLAG_LAUGHTER,
  FLAG_MENTION,
  FLAG_PERSONAL,
  FLAG_RHETORICAL,
  FLAG_TOPICAL,
  KIND_DIRECTION,
  KIND_INTENSIFIER,
  KIND_INTERROGATIVE,
  KIND_NEUTRAL,
  KIND_POLAR,
  KIND_SUBJECT,
  NO_SUBJECT,
  isScored,
  type LexEntry,
  type LexPhrase,
} from './lexicon-entry';
import { WORD_KINDS, byLengthDesc, parseTerm, sameParts } from './lexicon-terms';
import { PrefixTrie } from './prefix-trie';
import { TextNormalizer } from './text-normalizer';
import { TypoIndex } from './typo-index';
import { hasDouble, sizeSuffix } from './word-forms';

const MIN_STEM = 3;
/**
 * Distinct tokens whose `lookupWord` result is remembered. Chat vocabulary repeats, and the
 * lookup of a word the lexicon does not hold (most of them) tries stems, word forms and every
 * one-letter typo; past the bound the memory starts over.
 */
const LOOKUP_MEMO_MAX = 20_000;

interface Lookup {
  readonly entry: LexEntry | undefined;
  readonly boost: number;
}
/**
 * The lexicon compiled into lookup structures: exact words, stems, phrases indexed by their
 * first word, and deletion indexes that forgive one missing or extra letter in long words.
 */
export class SentimentLexicon {
  private readonly exact = new Map<string, LexEntry>();
  private readonly stems = new PrefixTrie<LexEntry>();
  private readonly phrasesByWord = new Map<string, LexPhrase[]>();
  private readonly phrasesByStem = new PrefixTrie<LexPhrase[]>();
  private readonly typos: TypoIndex;
  /** Multiplier implied by the last successful `lookupWord` ("rebien" = "re" + "bien"). */
  lastBoost = 1;
  private readonly lookups = new Map<string, Lookup>();

  constructor(groups: readonly LexiconGroup[], normalizer = new TextNormalizer()) {
    for (const group of groups) this.addGroup(group, normalizer);
    for (const list of this.phrasesByWord.values()) this.preparePhrases(list);
    this.phrasesByStem.forEach((_, list) => this.preparePhrases(list));
    this.typos = new TypoIndex(this.exact, this.stems);
  }

  /** Exact single-word entry (grammar words, emojis). */
  word(token: string): LexEntry | undefined {
    return this.exact.get(token);
  }

  /**
   * Best entry for a token that is not an exact term: stems, squeezed doubles, "-ao" for
   * "-ado", a glued "re"/"recontra" prefix, then one-letter typos.
   */
  lookupWord(token: string): LexEntry | undefined {
    const known = this.lookups.get(token);
    if (known !== undefined) {
      this.lastBoost = known.boost;
      return known.entry;
    }
    const entry = this.searchWord(token);
    if (this.lookups.size >= LOOKUP_MEMO_MAX) this.lookups.clear();
    this.lookups.set(token, { entry, boost: this.lastBoost });
    return entry;
  }

  private searchWord(token: string): LexEntry | undefined {
    this.lastBoost = 1;
    const stem = this.stems.longest(token, MIN_STEM);
    if (stem !== undefined) {
      // A superlative after the stem ("preocupadísimo") strengthens it; `term` ends in "*".
      if (stem.term.length + 4 <= token.length && token.includes('isim', stem.term.length - 1)) {
        this.lastBoost = 1.35;
      }
      return stem;
    }
    const len = token.length;
    if (len < 4) return undefined;
    if (hasDouble(token)) {
      const hit = this.typos.squeezed(token);
      if (hit !== undefined) return hit;
    }
    if (token.charCodeAt(len - 1) === 111 && token.charCodeAt(len - 2) === 97) {
      const full = token.slice(0, -1) + 'do';
      const hit = this.exact.get(full) ?? this.stems.longest(full, MIN_STEM);
      if (hit !== undefined) return hit;
    }
    if (token.charCodeAt(len - 1) === 115 && len >= 5) {
      // Plurals of exact words: "chochos", "geniales".
      const singular =
        this.exact.get(token.slice(0, -1)) ??
        (token.charCodeAt(len - 2) === 101 ? this.exact.get(token.slice(0, -2)) : undefined);
      if (singular !== undefined && isScored(singular)) return singular;
    }
    const masculine = this.masculine(token);
    if (masculine !== undefined) return masculine;
    const resized = this.resized(token);
    if (resized !== undefined) return resized;
    if (token.startsWith('re') && len >= 5) {
      const rest = token.startsWith('recontra') ? token.slice(8) : token.slice(2);
      const hit = this.exact.get(rest) ?? this.stems.longest(rest, MIN_STEM + 1);
      if (hit !== undefined && (hit.kind === KIND_POLAR || hit.kind === KIND_DIRECTION)) {
        this.lastBoost = 1.4;
        return hit;
      }
    }
    return this.typos.nearMiss(token);
  }

  /**
   * Appends the phrases that may start at `token` to `out`; returns the new length. A token
   * that is a count also opens the phrases starting with one ("tres días para responder").
   */
  phrasesFor(token: string, isCount: boolean, out: LexPhrase[][], length: number): number {
    let n = length;
    const list = this.phrasesByWord.get(token);
    if (list !== undefined) out[n++] = list;
    if (isCount) {
      const counted = this.phrasesByWord.get(COUNT_PART);
      if (counted !== undefined) out[n++] = counted;
    }
    return this.phrasesByStem.collect(token, out, n);
  }

  /** Longest first; a phrase holding a first-person word ("y yo", "me encanta") is personal. */
  private preparePhrases(list: LexPhrase[]): void {
    list.sort(byLengthDesc);
    for (const phrase of list) {
      const personal = phrase.parts.some((p) => (this.exact.get(p)?.flags ?? 0) & FLAG_PERSONAL);
      if (personal) phrase.entry.flags |= FLAG_PERSONAL;
    }
  }

  /** Feminine forms of words listed in the masculine: "clara", "tranquilas". */
  private masculine(token: string): LexEntry | undefined {
    const len = token.length;
    const plural = token.charCodeAt(len - 1) === 115 ? 1 : 0;
    if (token.charCodeAt(len - 1 - plural) !== 97) return undefined;
    const stem = token.slice(0, len - 1 - plural);
    // "tema" is not a form of "temo": short words and verb-like "-mo" endings are left alone.
    if (stem.length < 4 || stem.endsWith('m')) return undefined;
    const hit = this.exact.get(stem + (plural ? 'os' : 'o')) ?? this.exact.get(stem + 'o');
    return hit !== undefined && isScored(hit) ? hit : undefined;
  }

  /** Augmentatives and diminutives: "garronazo" is a big "garrón", "contentito" a small one. */
  private resized(token: string): LexEntry | undefined {
    const suffix = sizeSuffix(token);
    if (suffix === 0) return undefined;
    const base = token.slice(0, token.length - suffix);
    if (base.length < 3) return undefined;
    const hit =
      this.exact.get(base) ??
      this.exact.get(base + 'o') ??
      this.exact.get(base + 'a') ??
      this.exact.get(base + 'e') ??
      this.stems.longest(base, MIN_STEM + 1);
    if (hit === undefined || !isScored(hit)) return undefined;
    this.lastBoost = token.charCodeAt(base.length) === 97 ? 1.3 : 0.9;
    return hit;
  }

  private addGroup(group: LexiconGroup, normalizer: TextNormalizer): void {
    switch (group.kind) {
      case 'polar': {
        let flags = 0;
        if (group.topical) flags |= FLAG_TOPICAL;
        if (group.ironic) flags |= FLAG_IRONIC;
        if (group.fixed) flags |= FLAG_FIXED;
        if (group.rhetorical) flags |= FLAG_RHETORICAL;
        if (group.amplifier) flags |= FLAG_AMPLIFIER;
        if (group.interjection) flags |= FLAG_INTERJECTION;
        if (group.laughter) flags |= FLAG_LAUGHTER;
        if (group.ironyMarker) flags |= FLAG_IRONY_MARKER;
        if (group.applause) flags |= FLAG_APPLAUSE;
        const emotion = group.emotion === undefined ? -1 : EMOTIONS.indexOf(group.emotion);
        for (const [term, value] of Object.entries(group.terms)) {
          this.add(term, normalizer, KIND_POLAR, value, 0, emotion, flags);
        }
        return;
      }
      case 'direction':
        for (const [term, [strength, fallback]] of Object.entries(group.terms)) {
          this.add(term, normalizer, KIND_DIRECTION, strength, fallback, -1, FLAG_TOPICAL);
        }
        return;
      case 'subject':
        for (const term of group.terms) this.addSubject(term, normalizer, group.sign);
        return;
      case 'intensifier': {
        let flags = group.emphatic ? FLAG_EMPHATIC : 0;
        if (group.position !== 'after') flags |= FLAG_BEFORE;
        if (group.position !== 'before') flags |= FLAG_AFTER;
        for (const [term, value] of Object.entries(group.terms)) {
          this.add(term, normalizer, KIND_INTENSIFIER, value, 0, -1, flags);
        }
        return;
      }
      case 'negator':
      case 'contrast':
      case 'concession':
      case 'condition':
      case 'connective':
      case 'interrogative':
      case 'request':
      case 'topic':
      case 'hearsay':
      case 'complement':
      case 'neutral': {
        const kind = WORD_KINDS[group.kind];
        for (const term of group.terms) this.add(term, normalizer, kind, 0, 0, -1, 0);
        return;
      }
      case 'definition':
        for (const term of group.terms) {
          this.add(term, normalizer, KIND_INTERROGATIVE, 0, 0, -1, FLAG_MENTION);
        }
        return;
      case 'personal':
        for (const term of group.terms) this.addPersonal(term, normalizer);
        return;
      case 'ironic':
        for (const term of group.terms) this.markIronic(term, normalizer);
        return;
    }
  }

  private add(
    raw: string,
    normalizer: TextNormalizer,
    kind: number,
    value: number,
    fallback: number,
    emotion: number,
    flags: number,
  ): LexEntry {
    const { parts, stemMask } = parseTerm(raw, normalizer);
    const term = parts.join(' ') + (stemMask & (1 << (parts.length - 1)) ? '*' : '');
    const existing = this.find(parts, stemMask);
    if (existing !== undefined) {
      throw new Error(`Sentiment lexicon: "${raw}" is listed twice (as "${existing.term}")`);
    }
    const entry: LexEntry = { term, kind, value, fallback, emotion, flags, subject: NO_SUBJECT };
    if (parts.length > 1) {
      const phrase: LexPhrase = { parts, stemMask, entry };
      if (stemMask & 1) {
        const list = this.phrasesByStem.get(parts[0]);
        if (list === undefined) this.phrasesByStem.set(parts[0], [phrase]);
        else list.push(phrase);
      } else {
        const list = this.phrasesByWord.get(parts[0]);
        if (list === undefined) this.phrasesByWord.set(parts[0], [phrase]);
        else list.push(phrase);
      }
    } else if (stemMask & 1) {
      this.stems.set(parts[0], entry);
    } else {
      this.exact.set(parts[0], entry);
    }
    return entry;
  }

  /** Subjects attach to an existing term ("ganancia" is both good news and an asset). */
  private addSubject(raw: string, normalizer: TextNormalizer, sign: number): void {
    const { parts, stemMask } = parseTerm(raw, normalizer);
    const entry =
      this.find(parts, stemMask) ?? this.add(raw, normalizer, KIND_SUBJECT, 0, 0, -1, FLAG_FIXED);
    if (entry.subject !== NO_SUBJECT) {
      throw new Error(`Sentiment lexicon: subject "${raw}" is listed twice`);
    }
    entry.subject = sign;
  }

  /** Personal words may already be listed for another role ("cartera" is also an asset). */
  private addPersonal(raw: string, normalizer: TextNormalizer): void {
    const { parts, stemMask } = parseTerm(raw, normalizer);
    const entry =
      this.find(parts, stemMask) ?? this.add(raw, normalizer, KIND_NEUTRAL, 0, 0, -1, 0);
    entry.flags |= FLAG_PERSONAL;
  }

  /** Praise listed in another group that may also be said sarcastically ("qué suerte"). */
  private markIronic(raw: string, normalizer: TextNormalizer): void {
    const { parts, stemMask } = parseTerm(raw, normalizer);
    const entry = this.find(parts, stemMask);
    if (entry === undefined || entry.kind !== KIND_POLAR || entry.value <= 0) {
      throw new Error(`Sentiment lexicon: ironic "${raw}" must be listed first as praise`);
    }
    entry.flags |= FLAG_IRONIC;
  }

  private find(parts: readonly string[], stemMask: number): LexEntry | undefined {
    if (parts.length === 1) {
      return stemMask & 1 ? this.stems.get(parts[0]) : this.exact.get(parts[0]);
    }
    const list = stemMask & 1 ? this.phrasesByStem.get(parts[0]) : this.phrasesByWord.get(parts[0]);
    return list?.find((p) => p.stemMask === stemMask && sameParts(p.parts, parts))?.entry;
  }
}
