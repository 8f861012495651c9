/**
 * Single-pass tokenizer for chat messages. It folds case and accents, squeezes letters repeated
 * three or more times ("buenisimoooo" -> "buenisimo"), turns emojis and emoticons into tokens of
 * their own and records the punctuation structure (clauses, sentences, questions) the scorer
 * needs. All buffers are owned by the instance and reused, so a call allocates little more than
 * the token strings themselves.
 */

import { ALIASES, FOLD, MONEY_UNITS, UPPER, isEmojiCodePoint, isLaughter } from './char-tables';
import {
  TOKEN_AMOUNT,
  TOKEN_CLAUSE_START,
  TOKEN_ELONGATED,
  TOKEN_EMOJI,
  TOKEN_NUMBER,
  TOKEN_PERCENT,
  TOKEN_SIGN_MINUS,
  TOKEN_SIGN_PLUS,
  TOKEN_UPPER,
  createOutput,
  type NormalizedText,
} from './normalized-text';

export * from './normalized-text';

export class TextNormalizer {
  private buf = new Uint16Array(512);
  private starts = new Int32Array(128);
  private ends = new Int32Array(128);
  private readonly decoder = new TextDecoder('utf-16le');
  private out = createOutput(128);
  // Per-call scan state, kept on the instance so helpers need no closures.
  private count = 0;
  private sentence = 0;
  private sentencePending = false;
  private pending = 0;

  normalize(text: string): NormalizedText {
    // Every input unit yields at most one buffer unit, token or sentence.
    this.ensureCapacity(text.length + 4);
    const out = this.out;
    const buf = this.buf;
    let len = 0;
    let tokStart = -1;
    let tokLetters = 0;
    let tokUpper = 0;
    let tokFlags = 0;
    let runChar = 0;
    let runLen = 0;
    let letters = 0;
    let upperLetters = 0;
    this.count = 0;
    this.sentence = 0;
    this.sentencePending = false;
    this.pending = TOKEN_CLAUSE_START;
    out.exclamations = 0;
    out.sentenceQuestion[0] = 0;
    out.sentenceExclaims[0] = 0;
    out.sentenceFirstToken[0] = 0;

    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const folded = c < 0x250 ? FOLD[c] : 0;
      if (folded !== 0) {
        if (tokStart < 0) {
          tokStart = len;
          tokLetters = 0;
          tokUpper = 0;
          runLen = 0;
          runChar = 0;
          tokFlags = this.beginToken();
          if (folded <= 57) {
            tokFlags |= TOKEN_NUMBER;
            let p = i - 1;
            if (p >= 0 && text.charCodeAt(p) === 36) {
              tokFlags |= TOKEN_AMOUNT; // "$"
              p--;
            }
            const prev = p >= 0 ? text.charCodeAt(p) : 32;
            if (prev === 43) tokFlags |= TOKEN_SIGN_PLUS;
            else if (prev === 45 && (p < 1 || text.charCodeAt(p - 1) <= 32)) {
              tokFlags |= TOKEN_SIGN_MINUS;
            }
          }
        }
        if (folded > 57) {
          tokFlags &= ~TOKEN_NUMBER;
          tokLetters++;
          letters++;
          if (UPPER[c] === 1) {
            tokUpper++;
            upperLetters++;
          }
          if (folded === runChar) {
            runLen++;
            if (runLen === 3) {
              len--;
              tokFlags |= TOKEN_ELONGATED;
            }
            if (runLen >= 3) continue;
          } else {
            runChar = folded;
            runLen = 1;
          }
        } else {
          runChar = 0;
        }
        buf[len++] = folded;
        continue;
      }

      // Thousands separators and decimal marks keep a number in one token.
      if ((c === 46 || c === 44) && tokStart >= 0 && tokFlags & TOKEN_NUMBER) {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (next >= 48 && next <= 57) continue;
      }

      if (tokStart >= 0) {
        if (tokLetters >= 2 && tokUpper === tokLetters) tokFlags |= TOKEN_UPPER;
        this.endToken(tokStart, len, tokFlags);
        tokStart = -1;
      }

      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        i++;
        if (isEmojiCodePoint(cp)) {
          buf[len] = c;
          buf[len + 1] = low;
          this.endToken(len, len + 2, TOKEN_EMOJI | this.beginToken());
          len += 2;
        }
        continue;
      }
      if (c >= 0x2190 && isEmojiCodePoint(c)) {
        buf[len] = c;
        this.endToken(len, len + 1, TOKEN_EMOJI | this.beginToken());
        len += 1;
        continue;
      }

      // Emoticons: ":)", ":-(", ";)", ":D", "=)".
      if (c === 58 || c === 59 || c === 61) {
        let j = i + 1;
        if (j < n && text.charCodeAt(j) === 45) j++;
        const e = j < n ? text.charCodeAt(j) : 0;
        const after = j + 1 < n ? text.charCodeAt(j + 1) : 32;
        const happy = e === 41 || (e === 68 && !(after < 0x250 && FOLD[after] !== 0));
        if (happy || e === 40) {
          buf[len] = 58;
          buf[len + 1] = happy ? 41 : 40;
          this.endToken(len, len + 2, TOKEN_EMOJI | this.beginToken());
          len += 2;
          i = j;
          continue;
        }
      }

      this.punctuation(
        c,
        i > 0 ? text.charCodeAt(i - 1) : 32,
        i + 1 < n ? text.charCodeAt(i + 1) : 32,
      );
    }
    if (tokStart >= 0) {
      if (tokLetters >= 2 && tokUpper === tokLetters) tokFlags |= TOKEN_UPPER;
      this.endToken(tokStart, len, tokFlags);
    }

    const count = this.count;
    const folded = len > 0 ? this.decoder.decode(buf.subarray(0, len)) : '';
    const tokens = out.tokens;
    const flags = out.flags;
    let signed = false;
    for (let t = 0; t < count; t++) {
      let tok = folded.slice(this.starts[t], this.ends[t]);
      const f = flags[t];
      if ((f & TOKEN_EMOJI) === 0) {
        if (f & (TOKEN_SIGN_PLUS | TOKEN_SIGN_MINUS)) signed = true;
        if (isLaughter(tok)) tok = 'jaja';
        else {
          const alias = ALIASES.get(tok);
          if (alias !== undefined) tok = alias;
        }
      }
      tokens[t] = tok;
    }
    tokens.length = count;
    if (signed) this.settleSigns(tokens, flags, count);
    out.count = count;
    out.sentenceCount = count === 0 ? 0 : out.sentenceOf[count - 1] + 1;
    out.shouting = letters >= 8 && upperLetters >= letters * 0.7;
    return out;
  }

  /** A sign only counts on a percentage or a sum of money ("+12%", "-200 lucas", "+$500"). */
  private settleSigns(tokens: readonly string[], flags: Uint16Array, count: number): void {
    for (let t = 0; t < count; t++) {
      const f = flags[t];
      if ((f & (TOKEN_SIGN_PLUS | TOKEN_SIGN_MINUS)) === 0 || f & TOKEN_PERCENT) continue;
      if (t + 1 < count && MONEY_UNITS.has(tokens[t + 1])) flags[t] = f | TOKEN_AMOUNT;
      else if ((f & TOKEN_AMOUNT) === 0) flags[t] = f & ~(TOKEN_SIGN_PLUS | TOKEN_SIGN_MINUS);
    }
  }

  /** Opens the sentence announced by earlier punctuation and hands out the pending flags. */
  private beginToken(): number {
    if (this.sentencePending) this.openSentence();
    const f = this.pending;
    this.pending = 0;
    return f;
  }

  private openSentence(): void {
    const out = this.out;
    const s = ++this.sentence;
    out.sentenceQuestion[s] = 0;
    out.sentenceExclaims[s] = 0;
    out.sentenceFirstToken[s] = this.count;
    this.sentencePending = false;
  }

  private endToken(start: number, end: number, tokFlags: number): void {
    const t = this.count++;
    this.starts[t] = start;
    this.ends[t] = end;
    this.out.flags[t] = tokFlags;
    this.out.sentenceOf[t] = this.sentence;
  }

  private punctuation(c: number, prev: number, next: number): void {
    const out = this.out;
    switch (c) {
      case 63: // ?
        out.sentenceQuestion[this.sentence] = 1;
        this.sentencePending = true;
        this.pending |= TOKEN_CLAUSE_START;
        break;
      case 191: // ¿ opens a question, possibly a new sentence.
        if (this.sentencePending) this.openSentence();
        out.sentenceQuestion[this.sentence] = 1;
        this.pending |= TOKEN_CLAUSE_START;
        break;
      case 33: // !
        out.exclamations++;
        out.sentenceExclaims[this.sentence] = 1;
        this.sentencePending = true;
        this.pending |= TOKEN_CLAUSE_START;
        break;
      case 46: // .
      case 10: // new line
      case 0x2026: // …
        this.sentencePending = true;
        this.pending |= TOKEN_CLAUSE_START;
        break;
      case 37: // %
        if (
          this.count > 0 &&
          out.flags[this.count - 1] & TOKEN_NUMBER &&
          (prev === 32 || (prev >= 48 && prev <= 57))
        ) {
          out.flags[this.count - 1] |= TOKEN_PERCENT;
        }
        break;
      case 44: // ,
      case 59: // ;
      case 58: // :
      case 40: // (
      case 41: // )
      case 34: // "
      case 161: // ¡
      case 0x2014: // em dash
      case 0x2013: // en dash
      case 0x201c: // “
      case 0x201d: // ”
        this.pending |= TOKEN_CLAUSE_START;
        break;
      case 45: // a dash between spaces separates clauses; in words or before numbers it does not.
        if (prev === 32 && next === 32) this.pending |= TOKEN_CLAUSE_START;
        break;
      default:
        break;
    }
  }

  private ensureCapacity(units: number): void {
    if (this.buf.length < units * 2) this.buf = new Uint16Array(units * 2);
    if (this.starts.length < units) {
      const size = units + 16;
      this.starts = new Int32Array(size);
      this.ends = new Int32Array(size);
      this.out = createOutput(size);
    }
  }
}
