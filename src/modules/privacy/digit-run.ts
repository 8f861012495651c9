import { isValidCard, isValidCbu, isValidCuit } from './argentine-ids';
import { announced, gluedToKeyword, looksLikeAmount, Surroundings } from './pii-context';

export type DigitKind = 'CUIT' | 'CBU' | 'TARJETA' | 'DNI' | 'TELEFONO';

/** One group of digits inside a run, with where it sits in the text. */
interface Group {
  digits: string;
  start: number;
  end: number;
  /** The separator before it ('' for the first group). */
  sep: string;
  /** Written in parentheses, as an area code: `(011)`. */
  paren: boolean;
}

/**
 * Separators people put inside numbers: spaces of every width (no-break, thin, figure),
 * zero-width characters and soft hyphens, dots, dashes of every kind, slashes and underscores;
 * up to three in a row ("20 - 05536168 - 2").
 */
const SEP = String.raw`(?:[ \u00a0\u2007\u2009\u202f\u200b\u200c\u2060\ufeff\u00ad.\-\u2010\u2011\u2012\u2013\u2014_/]|\u200d)`;
/** A run of digit groups, with an optional `+` and an optional area code in parentheses. */
export const DIGIT_RUN = new RegExp(
  String.raw`(?<!\p{N})(?:\+${SEP}?)?(?:\(\d{1,5}\)${SEP}{0,2})?\d+(?:${SEP}{1,3}\d+)*(?!\p{N})`,
  'gu',
);
const GROUP = /(\(?)\+?(\d+)\)?/g;

function groupsOf(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  let last = 0;
  for (const m of run.matchAll(GROUP)) {
    const start = offset + (m.index ?? 0);
    groups.push({
      digits: m[2],
      start,
      end: start + m[0].length,
      sep: run.slice(last, m.index).trim(),
      paren: m[1] === '(',
    });
    last = (m.index ?? 0) + m[0].length;
  }
  return groups;
}

const CARD_SHAPES = [/^4(,4)+(,[1-4])?$/, /^4,6,[45]$/];
const isCardShape = (lens: number[]) =>
  lens.length === 1 || CARD_SHAPES.some((re) => re.test(lens.join(',')));
/** 30.123.456 / 5.123.456 / 30 123 456: how a DNI is grouped. */
const isDniShape = (lens: number[]) =>
  lens.length === 1 || /^[12],3,3$/.test(lens.join(',')) || /^[12],6$/.test(lens.join(','));
/** 1.234.567: thousands grouping, how amounts and index levels are written. */
const isThousands = (g: Group[]) =>
  g.length > 1 && g.slice(1).every((x) => x.digits.length === 3 && x.sep === '.');

/**
 * After the area code, a subscriber number is one group of six to eight digits or two or three
 * groups ending in four digits (`4444-5555`, `15-5555-1234`); `30.000 - 40.000` is a range.
 */
const numberPart = (g: Group[]) =>
  g.length >= 2 &&
  g.length <= 4 &&
  (g.length === 2 ? /^\d{6,8}$/.test(g[1].digits) : g[g.length - 1].digits.length === 4);

/** An Argentine phone number by its shape alone (no keyword needed). */
function phoneShape(g: Group[], plain: string, raw: string): boolean {
  if (/^\+/.test(raw)) return plain.length >= 10 && plain.length <= 13;
  if (
    /^549?(11|[23]\d{1,3})/.test(plain) &&
    plain.length >= 12 &&
    plain.length <= 13 &&
    g.length > 1
  )
    return true;
  // Dates are written with slashes and dots as thousands; phones with neither.
  if (isThousands(g) || g.some((x) => x.sep.includes('/'))) return false;
  const rest = plain.length - g[0].digits.length;
  // (011) 4444-5555, (0351) 444-5555, (11) 5555-1234
  if (g[0].paren && g.length > 1 && rest >= 6 && rest <= 10) return true;
  // 011 4444-5555, 0351-15-444-5555
  if (/^0\d{1,4}$/.test(g[0].digits) && g.length > 1 && plain.length >= 10 && plain.length <= 13)
    return true;
  // 15 5555-1234 (a mobile without area code)
  if (g[0].digits === '15' && g.length > 1 && rest === 8) return true;
  // 11 5555-1234, 351 555-1234, 2214 55-1234: area code and number, ten digits in all.
  if (plain.length === 10 && numberPart(g) && /^(11|[23]\d{1,3})$/.test(g[0].digits)) return true;
  // Ten bare digits: 1155551234, 3515551234 (a round figure such as 2000000000 is an amount).
  return (
    g.length === 1 &&
    plain.length === 10 &&
    /^(11[2-9]|[23]\d{2}[2-9])/.test(plain) &&
    !/000$/.test(plain)
  );
}

/** What `groups` spell as one identifier, given the words around them, or null. */
function classify(g: Group[], around: Surroundings, raw: string): DigitKind | null {
  const plain = g.map((x) => x.digits).join('');
  const lens = g.map((x) => x.digits.length);
  if (plain.length === 11 && isValidCuit(plain)) return 'CUIT';
  if (plain.length === 22 && isValidCbu(plain)) return 'CBU';
  if (plain.length >= 12 && plain.length <= 19 && isCardShape(lens) && isValidCard(plain))
    return 'TARJETA';
  if (looksLikeAmount(around)) return null;
  if (plain.length >= 7 && plain.length <= 8 && isDniShape(lens) && announced('DNI', around))
    return 'DNI';
  // Announced as a phone: eight to thirteen digits not grouped as thousands nor ending in a
  // stray short group (`11 5555-1234 11` is a phone and the start of the next one).
  if (
    plain.length >= 8 &&
    plain.length <= 13 &&
    !isThousands(g) &&
    lens[lens.length - 1] >= 3 &&
    announced('TELEFONO', around)
  )
    return 'TELEFONO';
  if (phoneShape(g, plain, raw)) return 'TELEFONO';
  return null;
}

export interface DigitSpan {
  kind: DigitKind;
  start: number;
  end: number;
}

const WINDOW = 60;

/**
 * The identifiers inside one run of digit groups. A run may hold several identifiers separated
 * by a space ("20-05536168-2 2850590940090418135201" reads as one run of 33 digits, which fails
 * every check), so it is split: from each group, the longest stretch of groups that spells an
 * identifier is taken, and the search goes on after it.
 */
export function identifiersIn(text: string, run: string, offset: number): DigitSpan[] {
  const groups = groupsOf(run, offset);
  const spans: DigitSpan[] = [];
  const glued = offset > 0 && /\p{L}/u.test(text[offset - 1]);
  if (glued && !gluedToKeyword(text.slice(Math.max(0, offset - WINDOW), offset))) return spans;
  for (let i = 0; i < groups.length; i++) {
    for (let j = Math.min(groups.length - 1, i + 11); j >= i; j--) {
      const start = groups[i].start;
      const end = groups[j].end;
      const around = {
        before: text.slice(Math.max(0, start - WINDOW), start),
        after: text.slice(end, end + WINDOW),
      };
      const kind = classify(groups.slice(i, j + 1), around, text.slice(start, end));
      if (kind) {
        spans.push({ kind, start, end });
        i = j;
        break;
      }
    }
  }
  return spans;
}
