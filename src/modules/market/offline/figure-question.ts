import type { FxCasa, MacroIndicator, RateKind } from '../market.types';
import { SPANISH_MONTHS as MONTHS } from '../../../common/text/spanish-months';

/** A question about a current figure, as the tools can answer it. */
export type FigureQuestion =
  | { tool: 'get_fx_rates'; casas: FxCasa[] }
  | { tool: 'get_macro'; indicator: MacroIndicator; month?: number }
  | { tool: 'get_rates'; kind: RateKind }
  | { tool: 'get_quotes'; symbols: string[] };

/** Words that ask for a value now, not for an explanation ("¿qué es el MEP?" is not one). */
const CURRENT_CUE =
  /\b(a cuanto|cuanto (esta|estan|vale|valen|sale|cotiza|cotizan|dio|fue|es|da|paga|pagan|rinde|rinden|marca|hay)|como (esta|estan|cerro|viene|anda)|cotiza|cotizan|cotizacion|precio|valor|hoy|ahora|ultimo dato|ultima|ultimo|en cuanto|que tasa|cuanto da)\b/;

const NOT_TICKERS = new Set(
  (
    'MEP CCL FCI FCIS CER UVA TNA TEM TEA TIR BCRA INDEC IPC CNV ADR ADRS ON ONS REM EMBI USD ARS ' +
    'ALYC LECAP LECAPS BONCAP LELIQ CEDEAR CEDEARS ETF BYMA MAE BADLAR MULC PBI OK DNI AFIP'
  ).split(' '),
);

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function casas(q: string): FxCasa[] {
  const found: FxCasa[] = [];
  if (/\b(mep|bolsa)\b/.test(q)) found.push('bolsa');
  if (/\b(ccl|contado con liqui|contado con liquidacion|cable)\b/.test(q)) {
    found.push('contadoconliqui');
  }
  if (/\bblue\b/.test(q)) found.push('blue');
  if (/\bmayorista\b/.test(q)) found.push('mayorista');
  if (/\btarjeta\b/.test(q)) found.push('tarjeta');
  if (/\bcripto\b/.test(q)) found.push('cripto');
  if (/\boficial\b/.test(q) && !found.includes('mayorista')) found.push('oficial');
  return found;
}

/**
 * Recognises a question about a current market figure; null for anything else (the rest of
 * the offline assistant answers those).
 */
export function figureQuestion(text: string): FigureQuestion | null {
  const q = fold(text);
  if (!CURRENT_CUE.test(q)) return null;
  if (/\binflacion\b|\bipc\b/.test(q)) {
    const interanual = /\b(interanual|anual|ultimos 12 meses|en el ano)\b/.test(q);
    const month = MONTHS.findIndex((m) => new RegExp(`\\b${m}\\b`).test(q));
    return {
      tool: 'get_macro',
      indicator: interanual ? 'inflacion_interanual' : 'inflacion_mensual',
      ...(month >= 0 ? { month: month + 1 } : {}),
    };
  }
  if (/\briesgo pais\b/.test(q)) return { tool: 'get_macro', indicator: 'riesgo_pais' };
  if (/\breservas\b/.test(q)) return { tool: 'get_macro', indicator: 'reservas' };
  if (/\bbadlar\b/.test(q)) return { tool: 'get_macro', indicator: 'badlar' };
  if (/\btasa (de )?politica( monetaria)?\b/.test(q)) {
    return { tool: 'get_macro', indicator: 'tasa_politica' };
  }
  if (/\buva\b/.test(q) && !/\bcredito|hipoteca/.test(q)) {
    return { tool: 'get_macro', indicator: 'uva' };
  }
  if (/\bplazo fijo\b/.test(q)) return { tool: 'get_rates', kind: 'plazo_fijo' };
  if (/\blecaps?\b|\bletras?\b/.test(q)) return { tool: 'get_rates', kind: 'lecap' };
  if (/\bmoney market\b|\bfci\b.*\b(money|liquidez)\b/.test(q)) {
    return { tool: 'get_rates', kind: 'fci_money_market' };
  }
  if (/\bdolar(es)?\b|\bmep\b|\bccl\b|\bblue\b|\bcontado con liqui\b/.test(q)) {
    const asked = casas(q);
    return { tool: 'get_fx_rates', casas: asked.length > 0 ? asked : ['oficial', 'blue', 'bolsa'] };
  }
  const tickers = (text.match(/\b[A-Z][A-Z0-9]{1,5}\b/g) ?? []).filter((t) => !NOT_TICKERS.has(t));
  if (tickers.length > 0)
    return { tool: 'get_quotes', symbols: [...new Set(tickers)].slice(0, 10) };
  return null;
}

export { MONTHS };
