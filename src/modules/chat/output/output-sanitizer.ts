import { escapeTags, neutraliseMarkdown } from './markdown-neutralizer';
import { sanitizerHold, unsettledBracket } from './sanitizer-hold';
import type { StreamTransform } from './stream-transform';

/** The most a stream holds back waiting for a link to settle (then its brackets are escaped). */
const MAX_HOLD = 2000;

/**
 * Neutralises model output before it reaches clients. Markup is escaped, never deleted (`<`
 * that could open a tag becomes `&lt;`, so `<scr<b>ipt>` cannot rebuild anything), and a real
 * Markdown parser finds images and bracketed links, inline, over several lines, with titles or
 * by reference, which become their alt text and label; reference definitions are disabled. A
 * reply can neither inject markup into a web client nor make it fetch or link to an outside
 * host. Bare URLs stay as written. `>` and `&` cannot open markup and stay readable.
 */
export function sanitizeOutput(text: string): string {
  // Escaped again after the links are replaced: `<` + `[clic](x)` + `>` reads `<clic>`.
  return escapeTags(neutraliseMarkdown(escapeTags(text)));
}

/** Escapes every unescaped bracket, so nothing in `text` can open a link. */
const escapeBrackets = (text: string): string =>
  text.replace(/(?<!\\)((?:\\\\)*)([[\]])/g, '$1\\$2');

/** How much of the current block a released piece is read with (beyond it, brackets escape). */
const MAX_CONTEXT = 4000;
const BLANK_LINE = /\n[ \t]*\n/g;
/** A quote opened in the block: only a quote strips prefixes (`> `) from the lines it spans. */
const QUOTE_LINE = /(?:^|\n)[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*>/;

/**
 * The sanitizer as a stream transform: deltas arrive in arbitrary splits and what was sent
 * cannot be taken back, so it holds back only what a later delta could still turn into markup
 * (an unsettled `[`, a final `<`, `!` or backslash), and releases the rest neutralised.
 */
export class OutputSanitizerStream implements StreamTransform {
  private buf = '';
  /** What the client already has of the current block (since the last blank line). */
  private block = '';
  private blockTooLong = false;

  push(delta: string): string {
    this.buf += delta;
    let hold = sanitizerHold(this.buf);
    let ready = this.buf.slice(0, hold);
    if (this.buf.length - hold > MAX_HOLD) {
      // Too long to wait for: released with its brackets escaped, so it can never become a link.
      hold = this.buf.length - 1;
      ready = ready + escapeBrackets(this.buf.slice(ready.length, hold));
    }
    this.buf = this.buf.slice(hold);
    return ready === '' ? '' : this.release(ready, false);
  }

  flush(): string {
    const rest = this.buf;
    this.buf = '';
    return rest === '' ? '' : this.release(rest, true);
  }

  /**
   * Neutralises a released piece. A piece with brackets over several lines, in a block where a
   * quote is open, is read after what the client already has of the block, because the client
   * reads it there: the quote (even continued lazily, on a line without `>`) turns the piece's
   * `> ` lines into one paragraph with its link.
   * Replacing can leave new unsettled markup at its end (`[a]` + `![](x)` + `(https://…` with
   * the `)` still to come reads `[a](https://…`): unless the stream is over, its brackets are
   * escaped, and so is a final `<`.
   */
  private release(text: string, last: boolean): string {
    let out: string;
    if (!text.includes('[')) out = escapeTags(text);
    else if (!text.includes('\n') || !QUOTE_LINE.test(this.block)) out = sanitizeOutput(text);
    else if (this.blockTooLong) out = escapeBrackets(sanitizeOutput(text));
    else {
      const read = sanitizeOutput(this.block + text);
      out = read.startsWith(this.block)
        ? read.slice(this.block.length)
        : escapeBrackets(sanitizeOutput(text));
    }
    if (!last) {
      const open = unsettledBracket(out);
      if (open >= 0) out = out.slice(0, open) + escapeBrackets(out.slice(open));
      if (out.endsWith('<')) out = `${out.slice(0, -1)}&lt;`;
    }
    this.remember(out);
    return out;
  }

  private remember(out: string): void {
    const joined = this.block + out;
    let start = 0;
    for (const m of joined.matchAll(BLANK_LINE)) start = (m.index ?? 0) + m[0].length;
    if (start > 0) this.blockTooLong = false;
    this.block = joined.slice(start);
    if (this.block.length > MAX_CONTEXT) {
      this.blockTooLong = true;
      // Only the tail is kept, to find the next blank line.
      this.block = this.block.slice(-2);
    }
  }
}

export function outputSanitizer(): StreamTransform {
  return new OutputSanitizerStream();
}
