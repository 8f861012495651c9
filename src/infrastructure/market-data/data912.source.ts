import { z } from 'zod';
import { MarketSource } from '../../modules/market/market-source';
import {
  FigureRequest,
  FigureResult,
  Quote,
  QUOTE_BOARDS,
  SourceInfo,
} from '../../modules/market/market.types';
import { fetchJson, nonEmpty } from './fetch-json';

const BOARD = z.array(
  z.object({
    symbol: z.string().min(1),
    c: z.number().finite().nullable(),
    pct_change: z.number().finite().nullable().optional(),
  }),
);

/** data912: last prices of a whole board per request (no timestamp: the fetch time is the as-of). */
export class Data912Source extends MarketSource {
  readonly info: SourceInfo = { id: 'data912', name: 'data912', url: 'https://data912.com' };

  constructor(private readonly baseUrl: string) {
    super();
  }

  supports(req: FigureRequest): boolean {
    return req.kind === 'quotes' && QUOTE_BOARDS.includes(req.board);
  }

  async fetch<R extends FigureRequest>(req: R, signal: AbortSignal): Promise<FigureResult<R>> {
    if (req.kind !== 'quotes') throw new Error(`unsupported request ${req.kind}`);
    const body = await fetchJson(`${this.baseUrl}/live/${req.board}`, BOARD, signal);
    const currency = req.board === 'usa_stocks' ? 'USD' : 'ARS';
    const quotes: Quote[] = nonEmpty(body, req.board)
      .filter((q): q is typeof q & { c: number } => q.c !== null && q.c > 0)
      .map((q) => ({
        symbol: q.symbol.toUpperCase(),
        price: q.c,
        pct_change: q.pct_change ?? null,
        currency,
      }));
    return { quotes, as_of: new Date().toISOString() } as FigureResult<R>;
  }
}
