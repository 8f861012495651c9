import { KIND_POLAR, isScored, type LexEntry } from './lexicon-entry';
import { PrefixTrie } from './prefix-trie';
import { squeeze } from './word-forms';

const NEAR_MISS_MIN = 7;
const NEAR_MISS_MAX = 16;

/**
 * Only long sentiment words are corrected: short ones sit one letter away from ordinary words
 * ("cagada"/"cargada"), and movements ("vuela"/"vuelta") are too common to guess.
 */
function isTypoTarget(entry: LexEntry, key: string): boolean {
  return entry.kind === KIND_POLAR && key.length >= NEAR_MISS_MIN;
}

/**
 * Lookups that forgive typing: doubled letters ("buenoo") and one missing or extra letter in a
 * long word ("desatre", "preocuppado"). Deletion variants are precomputed, so a lookup only
 * slices the token, never scans the lexicon.
 */
export class TypoIndex {
  private readonly squeezedWords = new Map<string, LexEntry>();
  private readonly deletions = new Map<string, LexEntry>();
  private readonly stemDeletions = new PrefixTrie<LexEntry>();

  constructor(
    private readonly exact: ReadonlyMap<string, LexEntry>,
    private readonly stems: PrefixTrie<LexEntry>,
  ) {
    for (const [word, entry] of exact) {
      if (!isScored(entry)) continue;
      const squeezedWord = squeeze(word);
      if (!this.squeezedWords.has(squeezedWord)) this.squeezedWords.set(squeezedWord, entry);
      if (!isTypoTarget(entry, word)) continue;
      // Deleting the first letter would match unrelated words.
      for (let p = 1; p < word.length; p++) {
        const variant = word.slice(0, p) + word.slice(p + 1);
        if (!exact.has(variant) && !this.deletions.has(variant)) this.deletions.set(variant, entry);
      }
    }
    stems.forEach((stem, entry) => {
      if (!isTypoTarget(entry, stem)) return;
      // Dropping the first or last letter of a stem would match unrelated words.
      for (let p = 1; p < stem.length - 1; p++) {
        const variant = stem.slice(0, p) + stem.slice(p + 1);
        if (this.stemDeletions.get(variant) === undefined) this.stemDeletions.set(variant, entry);
      }
    });
  }

  /** Entry whose doubled letters were typed twice ("buenoo", "horriible"). */
  squeezed(token: string): LexEntry | undefined {
    return this.squeezedWords.get(squeeze(token));
  }

  /** Entry one missing or extra letter away from `token`, for long words only. */
  nearMiss(token: string): LexEntry | undefined {
    if (token.length < NEAR_MISS_MIN || token.length > NEAR_MISS_MAX) return undefined;
    const missing = this.deletions.get(token) ?? this.stemDeletions.longest(token, 5);
    if (missing !== undefined) return missing;
    for (let p = 1; p < token.length; p++) {
      const shorter = token.slice(0, p) + token.slice(p + 1);
      const extra = this.exact.get(shorter) ?? this.stems.longest(shorter, 6);
      if (extra !== undefined && isTypoTarget(extra, shorter)) return extra;
    }
    return undefined;
  }
}
