import { z } from 'zod';
import { MarketSource } from '../../modules/market/market-source';
import type {
  FigureRequest,
  FigureResult,
  MacroFigure,
  MacroIndicator,
  RateKind,
  RatesTable,
  SourceInfo,
} from '../../modules/market/market.types';
import { fetchJson, nonEmpty } from './fetch-json';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'not a YYYY-MM-DD date');
const num = z.number().finite();
const SERIES = z.array(z.object({ fecha: day, valor: num }));
const LATEST = z.object({ fecha: day, valor: num });

const PLAZO_FIJO = z.array(
  z.object({
    entidad: z.string(),
    tnaClientes: num.nullable(),
    tnaNoClientes: num.nullable().optional(),
  }),
);

const LETRA = z.object({
  ticker: z.string(),
  fechaVencimiento: z.string(),
  precioArs: num.nullable().optional(),
  tnaPorcentaje: num.nullable().optional(),
  teaPorcentaje: num.nullable().optional(),
  temPorcentaje: num.nullable().optional(),
  // The older shape some deployments still serve.
  tem: num.nullable().optional(),
  vpv: num.nullable().optional(),
});
const LETRAS = z.union([
  z.object({ fechaActualizacion: z.string().optional(), letras: z.array(LETRA) }),
  z.array(LETRA),
]);

const FCI = z.array(
  z.object({
    fondo: z.string(),
    fecha: z.string().nullable().optional(),
    vcp: num.nullable(),
    patrimonio: num.nullable().optional(),
  }),
);

const MACRO_PATHS: Partial<Record<MacroIndicator, { path: string; unit: string }>> = {
  inflacion_mensual: { path: '/v1/finanzas/indices/inflacion', unit: '%' },
  inflacion_interanual: { path: '/v1/finanzas/indices/inflacionInteranual', unit: '%' },
  riesgo_pais: { path: '/v1/finanzas/indices/riesgo-pais/ultimo', unit: 'pb' },
  uva: { path: '/v1/finanzas/indices/uva', unit: 'ARS' },
};

const RATE_KINDS: readonly RateKind[] = ['plazo_fijo', 'lecap', 'fci_money_market'];
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** ArgentinaDatos: inflation, riesgo país, UVA, plazo fijo rates, LECAPs and money-market FCIs. */
export class ArgentinaDatosSource extends MarketSource {
  readonly info: SourceInfo = {
    id: 'argentinadatos',
    name: 'ArgentinaDatos',
    url: 'https://argentinadatos.com',
  };

  constructor(private readonly baseUrl: string) {
    super();
  }

  supports(req: FigureRequest): boolean {
    if (req.kind === 'macro') return MACRO_PATHS[req.indicator] !== undefined;
    return req.kind === 'rates' && RATE_KINDS.includes(req.rateKind);
  }

  async fetch<R extends FigureRequest>(req: R, signal: AbortSignal): Promise<FigureResult<R>> {
    if (req.kind === 'macro') return (await this.macro(req.indicator, signal)) as FigureResult<R>;
    if (req.kind === 'rates') return (await this.rates(req.rateKind, signal)) as FigureResult<R>;
    throw new Error(`unsupported request ${req.kind}`);
  }

  private async macro(indicator: MacroIndicator, signal: AbortSignal): Promise<MacroFigure> {
    const spec = MACRO_PATHS[indicator];
    if (!spec) throw new Error(`unsupported indicator ${indicator}`);
    const url = `${this.baseUrl}${spec.path}`;
    const latest =
      indicator === 'riesgo_pais'
        ? await fetchJson(url, LATEST, signal)
        : nonEmpty(await fetchJson(url, SERIES, signal), indicator).at(-1)!;
    const date = latest.fecha.slice(0, 10);
    const monthly = indicator === 'inflacion_mensual' || indicator === 'inflacion_interanual';
    return {
      indicator,
      value: latest.valor,
      unit: spec.unit,
      ...(monthly ? { period: date.slice(0, 7) } : {}),
      as_of: date,
    };
  }

  private async rates(kind: RateKind, signal: AbortSignal): Promise<RatesTable> {
    const fetchedAt = new Date().toISOString();
    switch (kind) {
      case 'plazo_fijo': {
        const body = nonEmpty(
          await fetchJson(`${this.baseUrl}/v1/finanzas/tasas/plazoFijo`, PLAZO_FIJO, signal),
          'plazoFijo',
        );
        const items = body
          .filter((b) => b.tnaClientes !== null)
          .sort((a, b) => (b.tnaClientes ?? 0) - (a.tnaClientes ?? 0))
          .map((b) => ({
            entidad: b.entidad,
            tna_clientes_pct: round((b.tnaClientes ?? 0) * 100),
            tna_no_clientes_pct:
              b.tnaNoClientes === null || b.tnaNoClientes === undefined
                ? null
                : round(b.tnaNoClientes * 100),
          }));
        return { kind, items, as_of: fetchedAt.slice(0, 10) };
      }
      case 'lecap': {
        const body = await fetchJson(`${this.baseUrl}/v1/finanzas/letras`, LETRAS, signal);
        const letras = nonEmpty(Array.isArray(body) ? body : body.letras, 'letras');
        const updated = Array.isArray(body) ? undefined : body.fechaActualizacion;
        const items = letras.map((l) => ({
          ticker: l.ticker,
          vencimiento: l.fechaVencimiento.slice(0, 10),
          precio_ars: l.precioArs ?? l.vpv ?? null,
          tna_pct: l.tnaPorcentaje ?? null,
          tea_pct: l.teaPorcentaje ?? null,
          tem_pct: l.temPorcentaje ?? (typeof l.tem === 'number' ? round(l.tem * 100, 3) : null),
        }));
        const asOf = updated && !Number.isNaN(Date.parse(updated)) ? updated : fetchedAt;
        return { kind, items, as_of: asOf };
      }
      case 'fci_money_market': {
        const body = nonEmpty(
          await fetchJson(`${this.baseUrl}/v1/finanzas/fci/mercadoDinero/ultimo`, FCI, signal),
          'fci',
        );
        const dates = body.map((f) => f.fecha).filter((f): f is string => Boolean(f));
        const items = body
          .filter((f) => f.vcp !== null)
          .sort((a, b) => (b.patrimonio ?? 0) - (a.patrimonio ?? 0))
          .slice(0, 15)
          .map((f) => ({ fondo: f.fondo, vcp: f.vcp, fecha: f.fecha ?? null }));
        return { kind, items, as_of: dates.sort().at(-1)?.slice(0, 10) ?? fetchedAt };
      }
    }
  }
}
