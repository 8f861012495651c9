import { z } from 'zod';
import { MarketSource } from '../../modules/market/market-source';
import type {
  FigureRequest,
  FigureResult,
  FxRate,
  MacroFigure,
  MacroIndicator,
  SourceInfo,
} from '../../modules/market/market.types';
import { fetchJson } from './fetch-json';

const n = z.number().finite();
const SNAPSHOT = z.object({
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'not a date'),
  fx: z
    .object({
      oficial_mayorista: n.optional(),
      oficial_minorista: n.optional(),
      mep: n.optional(),
      ccl: n.optional(),
      blue: n.optional(),
    })
    .optional(),
  macro: z
    .object({
      inflacion_mensual_pct: n.optional(),
      inflacion_periodo: z.string().optional(),
      inflacion_interanual_pct: n.optional(),
      riesgo_pais_pb: n.optional(),
      reservas_brutas_usd_millones: n.optional(),
    })
    .optional(),
});

const SNAPSHOT_MACRO: Partial<
  Record<
    MacroIndicator,
    { field: keyof NonNullable<z.infer<typeof SNAPSHOT>['macro']>; unit: string }
  >
> = {
  inflacion_mensual: { field: 'inflacion_mensual_pct', unit: '%' },
  inflacion_interanual: { field: 'inflacion_interanual_pct', unit: '%' },
  riesgo_pais: { field: 'riesgo_pais_pb', unit: 'pb' },
  reservas: { field: 'reservas_brutas_usd_millones', unit: 'millones de USD' },
};

/** The main backend's own market snapshot (part 1), as one more source behind the same port. */
export class BackendSource extends MarketSource {
  readonly info: SourceInfo = { id: 'backend', name: 'Backend de la app' };

  constructor(private readonly url: string) {
    super();
  }

  supports(req: FigureRequest): boolean {
    return (
      req.kind === 'fx' || (req.kind === 'macro' && SNAPSHOT_MACRO[req.indicator] !== undefined)
    );
  }

  async fetch<R extends FigureRequest>(req: R, signal: AbortSignal): Promise<FigureResult<R>> {
    const snap = await fetchJson(this.url, SNAPSHOT, signal);
    const asOf = snap.as_of;
    if (req.kind === 'fx') {
      const fx = snap.fx ?? {};
      const rate = (casa: FxRate['casa'], venta: number | undefined): FxRate[] =>
        venta === undefined ? [] : [{ casa, compra: null, venta, as_of: asOf }];
      return [
        ...rate('mayorista', fx.oficial_mayorista),
        ...rate('oficial', fx.oficial_minorista),
        ...rate('bolsa', fx.mep),
        ...rate('contadoconliqui', fx.ccl),
        ...rate('blue', fx.blue),
      ] as FigureResult<R>;
    }
    if (req.kind === 'macro') {
      const spec = SNAPSHOT_MACRO[req.indicator];
      const value = spec ? snap.macro?.[spec.field] : undefined;
      if (!spec || typeof value !== 'number') {
        throw new Error(`snapshot has no ${req.indicator}`);
      }
      const figure: MacroFigure = {
        indicator: req.indicator,
        value,
        unit: spec.unit,
        ...(req.indicator === 'inflacion_mensual' && snap.macro?.inflacion_periodo
          ? { period: snap.macro.inflacion_periodo }
          : {}),
        as_of: asOf,
      };
      return figure as FigureResult<R>;
    }
    throw new Error(`unsupported request ${req.kind}`);
  }
}
