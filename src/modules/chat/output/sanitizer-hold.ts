/**
 * How much of a streamed buffer must wait for the next delta before it can be neutralised:
 * the least that a later delta could still turn into markup. Whatever is released is
 * neutralised on its own and can never be taken back, so a construct must not straddle it.
 */

/** Link destination and optional title, as CommonMark allows them between `](` and `)`. */
const DESTINATION_AND_TITLE = new RegExp(
  String.raw`^\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)` +
    String.raw`(?:\s+(?:"(?:\\[\s\S]|[^"\\])*"|'(?:\\[\s\S]|[^'\\])*'|\((?:\\[\s\S]|[^()\\])*\)))?\s*$`,
);

/** Past this many `)` without a complete target, it stays unsettled (and is escaped later). */
const MAX_TARGET_TRIES = 32;

/** Where the `(` at `open` is closed as a complete link target, or -1 while it may go on. */
function targetEnd(buf: string, open: number): number {
  let tries = 0;
  for (let i = buf.indexOf(')', open + 1); i >= 0 && tries < MAX_TARGET_TRIES; tries++) {
    if (DESTINATION_AND_TITLE.test(buf.slice(open + 1, i))) return i;
    i = buf.indexOf(')', i + 1);
  }
  return -1;
}

/** Where the label at `open` (`[`) ends (`]`), skipping escapes, or -1. */
function labelEnd(buf: string, open: number): number {
  for (let i = open + 1; i < buf.length; i++) {
    if (buf[i] === '\\') i++;
    else if (buf[i] === ']') return i;
    else if (buf[i] === '[') return -1;
  }
  return -1;
}

/** The start of the current paragraph: links never span a blank line. */
function paragraphStart(buf: string): number {
  const blank = /\n[ \t]*\n/g;
  let start = 0;
  for (let m = blank.exec(buf); m; m = blank.exec(buf)) start = m.index + m[0].length;
  return start;
}

/**
 * The first `[` of the current paragraph whose meaning is not settled yet: unclosed, closed at
 * the very end, or followed by a link target or a second label still open. -1 when none.
 */
export function unsettledBracket(buf: string): number {
  const stack: number[] = [];
  let i = paragraphStart(buf);
  while (i < buf.length) {
    const c = buf[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') stack.push(i);
    else if (c === ']' && stack.length > 0) {
      const open = stack.pop()!;
      const outer = stack.length > 0 ? stack[0] : open;
      const next = buf[i + 1];
      if (next === undefined) return outer;
      if (next === '(') {
        const end = targetEnd(buf, i + 1);
        if (end < 0) return outer;
        i = end + 1;
        continue;
      }
      if (next === '[') {
        const end = labelEnd(buf, i + 1);
        if (end < 0) return outer;
        i = end + 1;
        continue;
      }
    }
    i++;
  }
  return stack.length > 0 ? stack[0] : -1;
}

/** Where the buffer stops being safe to release. */
export function sanitizerHold(buf: string): number {
  let hold = buf.length;
  const open = unsettledBracket(buf);
  if (open >= 0) hold = open > 0 && buf[open - 1] === '!' ? open - 1 : open;
  // A `<` whose next character decides whether it opens a tag; a `!` that may start an
  // image; an odd run of backslashes that escapes whatever comes next.
  const tail = /(?:<|!|(?<!\\)(?:\\\\)*\\)$/.exec(buf);
  if (tail) hold = Math.min(hold, tail.index + (tail[0].startsWith('\\') ? tail[0].length - 1 : 0));
  return hold;
}
