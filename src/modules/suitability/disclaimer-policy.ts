import { tickersOf } from '../chat/topics';

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Instruments and markets, by name. */
const INSTRUMENTS =
  /\b(acciones?|bonos?|cedears?|adrs?|obligaciones negociables|letras? del tesoro|lecaps?|boncaps?|lelics?|leliqs?|fcis?|fondos? comunes?|fondos? de inversion|money market|plazos? fijos?|caucion(es)?|cripto(monedas?|activos?)?|bitcoin|btc|ethereum|usdt|usdc|stablecoins?|dolar(es)? (mep|ccl|blue|bolsa|tarjeta|cripto|oficial|mayorista)|mep|ccl|contado con liqui|merval|s&p|nasdaq|etfs?|futuros|opciones financieras|dividendos?|cupon(es)?|uva|cer)\b/;

/** Figures: prices, rates, returns and the macro numbers they depend on. */
const FIGURES =
  /\b(cotiza\w*|cotizacion(es)?|precio|rinde|rendimientos?|tasa|tna|tea|tem|tir|inflacion|ipc|riesgo pais|reservas|brecha|devaluacion|tipo de cambio|puntos basicos)\b/;

/** Money amounts and percentages written as numbers: `$ 1.234,5`, `US$ 100`, `USD 50`, `7,5 %`. */
const NUMERIC_FIGURE = /(\bus?\$|\$|\busd\s?\d|\bars\s?\d|\d\s?%|\d+([.,]\d+)?\s?(pb|bps)\b)/;

/** Strategies and decisions about money. */
const STRATEGIES =
  /\b(invert\w*|inversion(es)?|inversor\w*|cartera|portafolio|portfolio|diversific\w*|estrategia\w*|conviene|convendria|compr(ar|o|e|a|as|en)|vend(er|o|a|e|as|en)|especul\w*|apalanca\w*|cobertura|perfil de riesgo|ahorr(ar|o|os)|trading|traders?|rentabilidad|ganancias? de capital)\b/;

/** Whether a text speaks of instruments, figures or strategies (what needs a disclaimer). */
export function speaksOfInvestments(text: string): boolean {
  const t = fold(text);
  return (
    INSTRUMENTS.test(t) ||
    FIGURES.test(t) ||
    NUMERIC_FIGURE.test(t) ||
    STRATEGIES.test(t) ||
    tickersOf(text).length > 0
  );
}

/**
 * Whether an answer quotes figures: amounts of money, percentages, basis points. An answer is
 * judged on these alone, since a reply to a greeting may well list the instruments (and
 * institutions such as BYMA, also a ticker) the assistant can explain without speaking of any.
 */
export function quotesFigures(text: string): boolean {
  return NUMERIC_FIGURE.test(fold(text));
}

/**
 * Whether a reply gets the disclaimer: the question speaks of instruments, figures or
 * strategies, or the answer quotes figures. Decided by code, never by the model, so it cannot be
 * talked out of it.
 */
export function needsDisclaimer(question: string, answer: string): boolean {
  return speaksOfInvestments(question) || quotesFigures(answer);
}
