/** One way to read a number as written, with the precision it was shown with. */
export interface Reading {
  value: number;
  decimals: number;
}

export type FigureKind = 'money' | 'percent' | 'bps' | 'points' | 'number';

/** A market figure found in a text. */
export interface Figure {
  raw: string;
  index: number;
  kind: FigureKind;
  /** The Argentine reading first (`1.234` is one thousand two hundred thirty-four). */
  readings: Reading[];
  /** `mil` → 1e3, `millones` → 1e6, `mil millones` → 1e9. */
  multiplier: number;
  /** The preferred reading times the multiplier. */
  value: number;
}

const MONTHS =
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';

/** Spans that hold digits but no figure: dates, times, list numbering, ordinals. */
const NOT_FIGURES: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?/g,
  /(?<![\d.,])\d{1,2}\/\d{1,2}(?:\/\d{2,4})?(?![\d])/g,
  /(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?(?:\s?hs?\b)?/g,
  /^[ \t]*(?:[-*•][ \t]*)?\d{1,2}[.)-](?=[ \t])/gm,
  /(?<![\p{L}\d.,])\d+[ \t]?(?:°|º|ª|er|ero|era|do|da|ro|ra|to|ta|mo|ma|vo|va|no|na)(?![\p{L}])/gu,
];

// A unit may be written attached (`40pb`, `120M`); any other letter makes it a name (AL30, 1er).
const NUMBER =
  /(?<![\p{L}\d_.,])(\d+(?:[.,]\d+)*)(?!(?!(?:pbs?|bps|MM?)(?!\p{L}))[\p{L}\d]|[.,]\d)/gu;

const AFTER_PERCENT = /^\s?(?:%|por\s?ciento\b|puntos? porcentuales?\b|p\.p\.)/iu;
const AFTER_BPS = /^\s?(?:pb|pbs|bps|puntos? b[aá]sicos?)(?![\p{L}])/iu;
const AFTER_POINTS = /^\s?(?:puntos?|pts?\.?)(?![\p{L}])/iu;
const AFTER_MULTIPLIER =
  /^\s?(mil\s+millones|millones|mill[oó]n|mill\.?|mil|MM|M|billones|bill[oó]n)(?![\p{L}])/u;
const AFTER_MONEY = /^\s?(?:de\s+)?(?:pesos|d[oó]lares|USD|US\$|u\$s|ARS|USDT)(?![\p{L}])/iu;
const BEFORE_MONEY = /(?:\$|US\$|U\$S|u\$s|USD|ARS|AR\$)\s?$/u;
const AFTER_NON_MARKET = new RegExp(
  String.raw`^\s?(?:d[ií]as?|mes(?:es)?|años?|anos?|horas?|hs\b|minutos?|segundos?|semanas?|cuotas?|veces|personas|usuarios|bancos|empresas|nominales|VN|l[aá]minas|de\s+(?:${MONTHS}))(?![\p{L}])`,
  'iu',
);
const MULTIPLIERS: Record<string, number> = {
  'mil millones': 1e9,
  millones: 1e6,
  millón: 1e6,
  millon: 1e6,
  mill: 1e6,
  'mill.': 1e6,
  mil: 1e3,
  MM: 1e6,
  M: 1e6,
  billones: 1e12,
  billón: 1e12,
  billon: 1e12,
};

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** The ways a written number can be read, the Argentine one first. */
export function readNumber(raw: string): Reading[] {
  const dots = raw.split('.').length - 1;
  const commas = raw.split(',').length - 1;
  const plain = (s: string): Reading => {
    const [, dec = ''] = s.split('.');
    return { value: Number(s), decimals: dec.length };
  };
  if (dots === 0 && commas === 0) return [{ value: Number(raw), decimals: 0 }];
  if (dots > 0 && commas > 0) {
    // The last separator is the decimal one: `1.234,56` (Argentine) or `1,234.56` (plain).
    const decimalSep = raw.lastIndexOf(',') > raw.lastIndexOf('.') ? ',' : '.';
    const thousands = decimalSep === ',' ? '.' : ',';
    return [plain(raw.split(thousands).join('').replace(decimalSep, '.'))];
  }
  const sep = dots > 0 ? '.' : ',';
  const parts = raw.split(sep);
  const grouped = parts.slice(1).every((p) => p.length === 3) && parts[0].length <= 3;
  if (parts.length > 2) return grouped ? [plain(parts.join(''))] : [];
  const asDecimal = plain(parts.join('.'));
  if (!grouped) return [asDecimal];
  // `1.234` and `1,234`: the Argentine thousands reading for a dot, decimal for a comma first.
  const asThousands = plain(parts.join(''));
  return sep === '.' ? [asThousands, asDecimal] : [asDecimal, asThousands];
}

function kindOf(before: string, after: string): { kind: FigureKind; multiplier: number } | null {
  let rest = after;
  let multiplier = 1;
  const mult = AFTER_MULTIPLIER.exec(rest);
  if (mult) {
    multiplier =
      MULTIPLIERS[mult[1].replace(/\s+/g, ' ')] ?? MULTIPLIERS[mult[1].toLowerCase()] ?? 1;
    rest = rest.slice(mult[0].length);
  }
  if (multiplier === 1 && AFTER_PERCENT.test(rest)) return { kind: 'percent', multiplier };
  if (multiplier === 1 && AFTER_BPS.test(rest)) return { kind: 'bps', multiplier };
  if (BEFORE_MONEY.test(before) || AFTER_MONEY.test(rest)) return { kind: 'money', multiplier };
  if (multiplier === 1 && AFTER_POINTS.test(rest)) return { kind: 'points', multiplier };
  if (multiplier !== 1) return { kind: 'number', multiplier };
  if (AFTER_NON_MARKET.test(after)) return null;
  return { kind: 'number', multiplier };
}

/**
 * The market figures in a text: amounts of money, rates, percentages, basis points and index
 * points, in the Argentine (`1.234,56`) and the plain (`1234.56`) way. Dates, times, years,
 * ticker digits (AL30), list numbering and ordinals (1er) are not figures; neither are small
 * bare counts ("3 opciones") nor durations ("30 días").
 */
export function extractFigures(text: string): Figure[] {
  let scan = text;
  for (const re of NOT_FIGURES) scan = scan.replace(re, blank);
  const figures: Figure[] = [];
  for (const m of scan.matchAll(NUMBER)) {
    const raw = m[1];
    const index = m.index;
    const readings = readNumber(raw);
    if (readings.length === 0) continue;
    const before = scan.slice(Math.max(0, index - 4), index);
    const after = scan.slice(index + raw.length, index + raw.length + 40);
    const kind = kindOf(before, after);
    if (!kind) continue;
    const first = readings[0];
    if (kind.kind === 'number' && kind.multiplier === 1) {
      const separated = /[.,]/.test(raw);
      const isYear = !separated && first.value >= 1900 && first.value <= 2100;
      if (isYear || (!separated && first.value < 100)) continue;
    }
    figures.push({ raw, index, ...kind, readings, value: first.value * kind.multiplier });
  }
  return figures;
}

/** Every number in a text a figure may have been taken from (the user's words, history). */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const readings = readNumber(m[1]);
    const after = text.slice(m.index + m[1].length, m.index + m[1].length + 20);
    const mult = AFTER_MULTIPLIER.exec(after);
    const factor = mult ? (MULTIPLIERS[mult[1].replace(/\s+/g, ' ')] ?? 1) : 1;
    for (const r of readings) out.push(r.value, r.value * factor);
  }
  return out;
}
