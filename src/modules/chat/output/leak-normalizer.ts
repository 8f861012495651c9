/**
 * Reduces text to the letters and digits a reader sees, so that a quote of the system prompt is
 * recognised however it is dressed up: compatibility forms folded (NFKD: fullwidth, ligatures,
 * styled letters), accents and other marks dropped, invisible format characters (zero-width
 * spaces and joiners, soft hyphens, word joiners, tags, fillers) dropped, common Cyrillic and
 * Greek lookalikes read as Latin, and every run of anything else (spaces of any kind, dashes,
 * dots, underscores, emoji, markup) read as one word break. It works incrementally: text is fed
 * as it streams and each character is looked at once.
 */

const INVISIBLE = /[\p{Cf}\p{M}\u115f\u1160\u3164\uffa0]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const LOOKALIKE_FROM = [...'авекмнорстухіјѕԁԛԝɡαβεικνορτυχ'];
const LOOKALIKE_TO = [...'abekmhopctyxijsdqwgabeikvoptux'];
const LOOKALIKES = new Map(LOOKALIKE_FROM.map((c, i) => [c, LOOKALIKE_TO[i]]));

export class LeakNormalizer {
  /** Completed words, lower case, without marks. */
  readonly words: string[] = [];
  /** Index in the original text where each completed word starts. */
  readonly wordStarts: number[] = [];
  /** The word still being read (the next character may continue it). */
  partial = '';
  partialStart = -1;
  /** Every letter and digit glued together (word breaks removed), for spaced-out letters. */
  letters = '';
  /** Index in the original text of each character of `letters`. */
  readonly letterAt: number[] = [];
  private offset = 0;

  push(text: string): void {
    for (const cp of text) {
      for (const raw of cp.normalize('NFKD').toLowerCase()) {
        if (INVISIBLE.test(raw)) continue;
        const c = LOOKALIKES.get(raw) ?? raw;
        if (WORD_CHAR.test(c)) {
          if (this.partial === '') this.partialStart = this.offset;
          this.partial += c;
          this.letters += c;
          this.letterAt.push(this.offset);
        } else if (this.partial !== '') {
          this.words.push(this.partial);
          this.wordStarts.push(this.partialStart);
          this.partial = '';
        }
      }
      this.offset += cp.length;
    }
  }
}
