import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';

/**
 * A tokenizer that sees through code, raw HTML, bare URLs and tables. Code spans and blocks would hide a link from
 * this pass while a client, reading the text in a different context (a backtick from an earlier
 * chunk closing the span), might still render it; raw HTML is escaped before this pass anyway.
 * Seeing links inside code means neutralising a few that would have been inert: safe side.
 */
class SeeThroughTokenizer extends Tokenizer {
  override code(): undefined {
    return undefined;
  }
  override fences(): undefined {
    return undefined;
  }
  override codespan(): undefined {
    return undefined;
  }
  override html(): undefined {
    return undefined;
  }
  override tag(): undefined {
    return undefined;
  }
  // A bare URL runs to the next space, so here it could swallow an image that the client,
  // splitting the text differently, renders: bare URLs are left as text and read through.
  override url(): undefined {
    return undefined;
  }
  override autolink(): undefined {
    return undefined;
  }
  // A table drops the cells beyond its header's count, and a row read as a table here may be a
  // paragraph for the client: read rows as plain lines, so every cell's link is seen.
  override table(): undefined {
    return undefined;
  }
}

const lex = (text: string): Token[] =>
  new Lexer({ gfm: true, tokenizer: new SeeThroughTokenizer() }).lex(text);

/** `<` that could open a tag, a comment, a declaration or an autolink. */
const TAG_OPEN = /<(?=[A-Za-z/!?])/g;

/** Makes markup inert by escaping it (never by deleting, which lets fragments rebuild it). */
export const escapeTags = (text: string): string => text.replace(TAG_OPEN, '&lt;');

/** Plain text for an image's alt or a link's label, escaped so it cannot form markup again. */
function inert(text: string): string {
  return escapeTags(text).replace(/[\\[\]()]/g, '\\$&');
}

function plain(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((t): string => {
      switch (t.type) {
        case 'text':
        case 'escape':
        case 'codespan':
          return 'tokens' in t && t.tokens ? plain(t.tokens) : (t as Tokens.Text).text;
        case 'image':
          return plain((t as Tokens.Image).tokens) || (t as Tokens.Image).text;
        case 'br':
          return ' ';
        default:
          return 'tokens' in t && t.tokens ? plain(t.tokens) : t.raw;
      }
    })
    .join('');
}

interface Replacement {
  raw: string;
  with: string;
}

/** Images, links written with brackets, and reference definitions, in document order. */
function offending(tokens: Token[], out: Replacement[] = []): Replacement[] {
  for (const t of tokens) {
    if (t.type === 'image') {
      const image = t as Tokens.Image;
      out.push({ raw: image.raw, with: inert(plain(image.tokens) || image.text) });
    } else if (t.type === 'link' && t.raw.startsWith('[')) {
      out.push({ raw: t.raw, with: inert(plain((t as Tokens.Link).tokens)) });
    } else if (t.type === 'def') {
      out.push({ raw: t.raw, with: `\\${t.raw}` });
    } else {
      const children: Token[] = [];
      if ('tokens' in t && t.tokens) children.push(...t.tokens);
      if (t.type === 'list') for (const item of (t as Tokens.List).items) children.push(item);
      if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) children.push(...cell.tokens);
      }
      offending(children, out);
    }
  }
  return out;
}

/**
 * Finds a token's source in the text: its raw text, where each line break may be followed by
 * the prefixes a container strips from its content (`> ` of a quote, a list item's indent).
 */
function locate(text: string, raw: string, from: number): { start: number; end: number } | null {
  const pattern = raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(String.raw`(?:\r\n|\r|\n)[ \t>]*`);
  const re = new RegExp(pattern, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** One pass: every offending token replaced in place, or null when one cannot be located. */
function replaceOnce(text: string): string | null {
  const found = offending(lex(text));
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const r of found) {
    const span = locate(text, r.raw, at);
    if (!span) return null;
    out += text.slice(at, span.start) + r.with;
    at = span.end;
  }
  return out + text.slice(at);
}

/** A reference definition at the start of a line (inside quotes or lists too): `[1]: url`. */
const DEFINITION = /(^|\r|\n)([ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*)\[(?=(?:\\.|[^\\[\]])*\]:)/g;

/**
 * Drops images and bracketed links (to their alt text and label) and disables reference
 * definitions, as a Markdown parser reads the text. Replacing can make new markup from what
 * surrounds it (`[a]` + `![](x)` + `(https://…)`), so passes repeat until nothing changes;
 * text the parser cannot account for has all its brackets escaped.
 */
export function neutraliseMarkdown(text: string): string {
  let current = text;
  for (let pass = 0; pass < 6; pass++) {
    const next = replaceOnce(current);
    if (next === null) break;
    if (next === current) return current.replace(DEFINITION, '$1$2\\[');
    current = next;
  }
  return current.replace(/(?<!\\)((?:\\\\)*)([[\]])/g, '$1\\$2');
}
