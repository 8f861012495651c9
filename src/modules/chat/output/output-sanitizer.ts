import { HoldingTransform, StreamTransform } from './stream-transform';

const MAX_HOLD = 500;

const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const TAG = /<\/?[a-zA-Z][^<>]*>/g;
// Link targets may hold one level of parentheses (`javascript:alert(1)`).
const TARGET = String.raw`\((?:[^()\n]|\([^()\n]*\))*\)`;
const IMAGE = new RegExp(String.raw`!\[([^\]\n]*)\]` + TARGET, 'g');
const UNFINISHED_TARGET = new RegExp(String.raw`^\[[^\]\n]*\]\((?:[^()\n]|\([^()\n]*\)?)*$`);
const LINK = new RegExp(String.raw`\[([^\]\n]+)\]` + TARGET, 'g');

/**
 * Neutralises model output before it reaches clients: HTML (tags, scripts, comments) is
 * removed, markdown images become their alt text and markdown links their text, so a reply can
 * neither inject markup into a web client nor make it fetch or link to an outside host.
 */
export function sanitizeOutput(text: string): string {
  return text
    .replace(SCRIPT_OR_STYLE, '')
    .replace(COMMENT, '')
    .replace(TAG, '')
    .replace(IMAGE, (_m, alt: string) => alt)
    .replace(LINK, (_m, label: string) => label);
}

/** Where an unfinished tag, image or link may start at the end of `buf`. */
export function sanitizerHold(buf: string): number {
  let hold = buf.length;
  const lt = buf.lastIndexOf('<');
  if (
    lt >= 0 &&
    buf.indexOf('>', lt) < 0 &&
    buf.length - lt < MAX_HOLD &&
    /^<(\/|!|[a-zA-Z]|$)/.test(buf.slice(lt))
  ) {
    hold = Math.min(hold, lt);
  }
  const open = buf.lastIndexOf('[');
  if (open >= 0 && buf.length - open < MAX_HOLD) {
    const tail = buf.slice(open);
    if (/^\[[^\]\n]*$/.test(tail) || /^\[[^\]\n]*\]$/.test(tail) || UNFINISHED_TARGET.test(tail)) {
      hold = Math.min(hold, open > 0 && buf[open - 1] === '!' ? open - 1 : open);
    }
  }
  if (buf.endsWith('!')) hold = Math.min(hold, buf.length - 1);
  // An unfinished script block is held whole, so its body never streams out as text.
  const script = buf.search(/<(script|style)\b[^>]*>(?![\s\S]*<\/(script|style)\s*>)/i);
  if (script >= 0 && buf.length - script < MAX_HOLD * 8) hold = Math.min(hold, script);
  return hold;
}

export function outputSanitizer(): StreamTransform {
  return new HoldingTransform(sanitizeOutput, sanitizerHold);
}
