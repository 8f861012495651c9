/**
 * The words around a number that say what it is, as people write them in a chat: "mi DNI es",
 * "DNI N°", "D.N.I.:", "documento nro", "mi número de documento es el", "30.123.456 es mi DNI",
 * "mi cel es", "alias y CBU:". All matching is case-insensitive and accent-tolerant.
 */

export type ContextKind = 'DNI' | 'CUIT' | 'CBU' | 'TARJETA' | 'TELEFONO';

const KEYWORDS: Record<ContextKind, string> = {
  DNI: String.raw`d\.?\s?n\.?\s?i(?!\p{L})\.?|documentos?(?:\s+nacional\s+de\s+identidad)?|doc(?!\p{L})\.?|n[uú]mero\s+de\s+documento`,
  CUIT: String.raw`c\.?u\.?i\.?[tl](?!\p{L})\.?|cdi`,
  CBU: String.raw`c\.?[bv]\.?u(?!\p{L})\.?|clave\s+(?:bancaria|virtual)\s+uniforme`,
  TARJETA: String.raw`tarjetas?(?:\s+de\s+(?:cr[eé]dito|d[eé]bito))?|visa|master(?:card)?|amex|american\s+express|cabal|maestro|pl[aá]stico`,
  TELEFONO: String.raw`tel[eé]fonos?|tel[eé]f|tel|cel(?:u|ular)?|m[oó]vil|whats?app|whats|wsp|wpp|llam[aá]me|llamarme|fijo|contacto`,
};
const ANY_KEYWORD = Object.values(KEYWORDS).join('|');

/** Characters and words that may stand between a keyword and its number. */
const FILLER_WORDS = String.raw`n[°º]|n|no|nro|nros|num|n[uú]m|n[uú]mero|es|era|son|el|la|los|mi|mis|su|de|del|que|y|e|al|a|tu|actual|nuevo|nueva|ser[ií]a|paso|dejo|ac[aá]|aqu[ií]|ah[ií]|va|alias|${ANY_KEYWORD}`;
const FILLER_ITEM = String.raw`(?:[\s:.,;°º#=*"'()<>\-–—/]|(?<!\p{L})(?:${FILLER_WORDS})(?!\p{L}))`;
const FILLER = `${FILLER_ITEM}*`;
const AFTER_FILLER = String.raw`(?:[\s:.,;°º#=*"'()\-–—/]|(?<!\p{L})(?:es|era|mi|su|el|la|de|del|que|corresponde|al|como|ser[ií]a|n[uú]mero|nro|n)(?!\p{L}))*`;

const before = (kw: string) => new RegExp(String.raw`(?<!\p{L})(?:${kw})${FILLER}$`, 'iu');
const after = (kw: string) => new RegExp(String.raw`^${AFTER_FILLER}(?:${kw})(?!\p{L})`, 'iu');

const BEFORE = Object.fromEntries(
  Object.entries(KEYWORDS).map(([kind, kw]) => [kind, before(kw)]),
) as Record<ContextKind, RegExp>;
const AFTER = Object.fromEntries(
  Object.entries(KEYWORDS).map(([kind, kw]) => [kind, after(kw)]),
) as Record<ContextKind, RegExp>;
/** A keyword glued to the number ("dni30123456", "CUIT20055361682"). */
const GLUED = new RegExp(String.raw`(?<!\p{L})(?:${ANY_KEYWORD})$`, 'iu');

/** Text around a number, cut to what the patterns need. */
export interface Surroundings {
  before: string;
  after: string;
}

/** Whether the words before or after the number announce it as `kind`. */
export function announced(kind: ContextKind, around: Surroundings): boolean {
  return BEFORE[kind].test(around.before) || AFTER[kind].test(around.after);
}

export function gluedToKeyword(before: string): boolean {
  return GLUED.test(before);
}

const AMOUNT_BEFORE = /(?:\$|us\$|u\$s|usd|ars|ar\$|eur|€|vn|v\/n|valor nominal)\s?$/iu;
const AMOUNT_AFTER =
  /^\s?(?:%|por\s?ciento|pesos|\$|d[oó]lares|usd|u\$s|ars|euros|puntos|pts|pb|nominales|vn|acciones|cedears?|bonos|t[ií]tulos|cuotapartes|millones|mill[oó]n|mil(?!\p{L})|unidades|contratos|l[aá]minas|veces|a[nñ]os|d[ií]as)/iu;

/** A currency, a unit or a percentage next to the number: an amount, not a person. */
export function looksLikeAmount(around: Surroundings): boolean {
  return AMOUNT_BEFORE.test(around.before) || AMOUNT_AFTER.test(around.after);
}

const ALIAS = new RegExp(
  String.raw`(?<!\p{L})alias(?:\s+(?:del?\s+)?(?:cbu|cvu|mp|mercado\s?pago))?${FILLER_ITEM}*?((?=[\p{L}\d.\-]*[.\-])[\p{L}\d][\p{L}\d.\-]{4,18}[\p{L}\d])(?![\p{L}\d.\-])`,
  'giu',
);

/**
 * A CBU/CVU alias after the word "alias" ("mi alias es juan.perez.mp"): six to twenty letters,
 * digits, dots or hyphens, with at least one dot or hyphen (an ordinary word is not an alias).
 */
export function aliasSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(ALIAS)) {
    const end = (m.index ?? 0) + m[0].length;
    spans.push({ start: end - m[1].length, end });
  }
  return spans;
}
