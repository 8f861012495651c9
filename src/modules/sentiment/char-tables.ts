/** Character tables and token-level spelling rules used by the tokenizer. */

/** Chat shorthand and frequent misspellings, keyed by their folded form. */
export const ALIASES: ReadonlyMap<string, string> = new Map([
  ['q', 'que'],
  ['k', 'que'],
  ['xq', 'porque'],
  ['pq', 'porque'],
  ['porq', 'porque'],
  ['xk', 'porque'],
  ['x', 'por'],
  ['tb', 'tambien'],
  ['tmb', 'tambien'],
  ['tmp', 'tampoco'],
  ['d', 'de'],
  ['bn', 'bien'],
  ['dsp', 'despues'],
  ['dps', 'despues'],
  ['nd', 'nada'],
  ['toy', 'estoy'],
  ['toi', 'estoy'],
  ['stoy', 'estoy'],
  ['tas', 'estas'],
  ['mui', 'muy'],
  ['exelente', 'excelente'],
  ['exelent', 'excelente'],
  ['ecxelente', 'excelente'],
  ['nunk', 'nunca'],
  ['nunka', 'nunca'],
  ['tranka', 'tranqui'],
  ['tranki', 'tranqui'],
  ['dollar', 'dolar'],
  // Money has many names; the lexicon only spells out "plata".
  ['guita', 'plata'],
  ['dinero', 'plata'],
  ['biyuya', 'plata'],
  ['tarasca', 'plata'],
]);

/** Words that turn a bare number into a sum of money ("-200 lucas", "+3 palos"). */
export const MONEY_UNITS: ReadonlySet<string> = new Set([
  'luca',
  'lucas',
  'mil',
  'palo',
  'palos',
  'millon',
  'millones',
  'usd',
  'usdt',
  'dolares',
  'pesos',
  'verdes',
  'mangos',
  'k',
]);

/** Folded code for each UTF-16 unit below 0x250: lower-case, no accents; 0 for non-word units. */
export const FOLD = buildFoldTable();
/** Whether the original unit is an upper-case letter. */
export const UPPER = buildUpperTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x250);
  for (let c = 48; c <= 57; c++) table[c] = c;
  for (let c = 97; c <= 122; c++) table[c] = c;
  for (let c = 65; c <= 90; c++) table[c] = c + 32;
  const groups: Array<[string, string]> = [
    ['a', 'áàâäãåÁÀÂÄÃÅ'],
    ['e', 'éèêëÉÈÊË'],
    ['i', 'íìîïÍÌÎÏ'],
    ['o', 'óòôöõÓÒÔÖÕ'],
    ['u', 'úùûüÚÙÛÜ'],
    ['n', 'ñÑ'],
    ['c', 'çÇ'],
  ];
  for (const [base, variants] of groups) {
    for (let i = 0; i < variants.length; i++) table[variants.charCodeAt(i)] = base.charCodeAt(0);
  }
  return table;
}

function buildUpperTable(): Uint8Array {
  const table = new Uint8Array(0x250);
  for (let c = 65; c <= 90; c++) table[c] = 1;
  const accented = 'ÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ';
  for (let i = 0; i < accented.length; i++) table[accented.charCodeAt(i)] = 1;
  return table;
}

export function isEmojiCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1f300 && cp <= 0x1faff && (cp < 0x1f3fb || cp > 0x1f3ff)) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x1f170 && cp <= 0x1f1e5)
  );
}

/** "jaja", "jajajsj", "jeje": laughter, however it was typed. */
export function isLaughter(tok: string): boolean {
  if (tok.length < 4 || tok.charCodeAt(0) !== 106) return false;
  let js = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c === 106) js++;
    else if (c !== 97 && c !== 101 && c !== 105 && c !== 115 && c !== 104 && c !== 107) {
      return false;
    }
  }
  return js >= 2;
}
