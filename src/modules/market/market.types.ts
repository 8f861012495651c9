import type { MarketSourceId } from '../../config/app-config';
import type { AnswerSource } from '../../infrastructure/database/records';

export type { MarketSourceId };

export const FX_CASAS = [
  'oficial',
  'blue',
  'bolsa',
  'contadoconliqui',
  'mayorista',
  'cripto',
  'tarjeta',
] as const;
export type FxCasa = (typeof FX_CASAS)[number];

export const MACRO_INDICATORS = [
  'inflacion_mensual',
  'inflacion_interanual',
  'riesgo_pais',
  'reservas',
  'tasa_politica',
  'badlar',
  'uva',
] as const;
export type MacroIndicator = (typeof MACRO_INDICATORS)[number];

export const RATE_KINDS = ['plazo_fijo', 'lecap', 'fci_money_market'] as const;
export type RateKind = (typeof RATE_KINDS)[number];

/** data912's boards; a ticker is looked up on each until found. */
export const QUOTE_BOARDS = [
  'arg_stocks',
  'arg_cedears',
  'arg_bonds',
  'arg_notes',
  'arg_corp',
  'usa_stocks',
] as const;
export type QuoteBoard = (typeof QUOTE_BOARDS)[number];

export interface FxRate {
  casa: FxCasa;
  compra: number | null;
  venta: number | null;
  as_of: string;
}

export interface Quote {
  symbol: string;
  price: number;
  pct_change: number | null;
  currency: 'ARS' | 'USD';
}

export interface MacroFigure {
  indicator: MacroIndicator;
  value: number;
  unit: string;
  /** The month or day the figure refers to, when it is a period (inflation). */
  period?: string;
  as_of: string;
}

export interface RatesTable {
  kind: RateKind;
  items: Record<string, string | number | null>[];
  as_of: string;
}

/** One question a source can answer; the cache key is derived from it. */
export type FigureRequest =
  | { kind: 'fx' }
  | { kind: 'quotes'; board: QuoteBoard }
  | { kind: 'macro'; indicator: MacroIndicator }
  | { kind: 'rates'; rateKind: RateKind };

export interface FigureResultMap {
  fx: FxRate[];
  quotes: { quotes: Quote[]; as_of: string };
  macro: MacroFigure;
  rates: RatesTable;
}

export type FigureResult<R extends FigureRequest> = FigureResultMap[R['kind']];

export interface SourceInfo {
  id: MarketSourceId;
  /** Human name, as the source asks to be cited. */
  name: string;
  url?: string;
}

/** Attribution of a figure the answer used, as the contract's `sources` items. */
export type SourceRef = AnswerSource;

export function requestKey(req: FigureRequest): string {
  switch (req.kind) {
    case 'fx':
      return 'fx';
    case 'quotes':
      return `quotes:${req.board}`;
    case 'macro':
      return `macro:${req.indicator}`;
    case 'rates':
      return `rates:${req.rateKind}`;
  }
}
