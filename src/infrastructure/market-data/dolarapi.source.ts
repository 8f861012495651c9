import { z } from 'zod';
import { MarketSource } from '../../modules/market/market-source';
import {
  FX_CASAS,
  FigureRequest,
  FigureResult,
  FxCasa,
  FxRate,
  SourceInfo,
} from '../../modules/market/market.types';
import { fetchJson, nonEmpty } from './fetch-json';

const price = z.number().finite().nullable();

const DOLARES = z.array(
  z.object({
    casa: z.string(),
    compra: price,
    venta: price,
    fechaActualizacion: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
  }),
);

/** DolarApi: every dollar rate in one request (`/v1/dolares`), with its own update time. */
export class DolarApiSource extends MarketSource {
  readonly info: SourceInfo = { id: 'dolarapi', name: 'DolarApi', url: 'https://dolarapi.com' };

  constructor(private readonly baseUrl: string) {
    super();
  }

  supports(req: FigureRequest): boolean {
    return req.kind === 'fx';
  }

  async fetch<R extends FigureRequest>(_req: R, signal: AbortSignal): Promise<FigureResult<R>> {
    const body = await fetchJson(`${this.baseUrl}/v1/dolares`, DOLARES, signal);
    const rates: FxRate[] = body
      .filter((d) => (FX_CASAS as readonly string[]).includes(d.casa))
      .map((d) => ({
        casa: d.casa as FxCasa,
        compra: d.compra,
        venta: d.venta,
        as_of: new Date(d.fechaActualizacion).toISOString(),
      }));
    return nonEmpty(rates, 'dolares') as FigureResult<R>;
  }
}
