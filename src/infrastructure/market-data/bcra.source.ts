import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { MarketSource, SourceShapeError } from '../../modules/market/market-source';
import type {
  FigureRequest,
  FigureResult,
  MacroFigure,
  MacroIndicator,
  SourceInfo,
} from '../../modules/market/market.types';
import { fetchJson } from './fetch-json';

const CATALOGUE = z.object({
  results: z.array(
    z.object({
      idVariable: z.number().int(),
      descripcion: z.string(),
      unidadExpresion: z.string().nullable().optional(),
    }),
  ),
});

const SERIES = z.object({
  results: z.array(
    z.object({
      idVariable: z.number().int(),
      detalle: z.array(
        z.object({ fecha: z.string().regex(/^\d{4}-\d{2}-\d{2}/), valor: z.number().finite() }),
      ),
    }),
  ),
});

type BcraIndicator = Extract<MacroIndicator, 'reservas' | 'tasa_politica' | 'badlar'>;

/**
 * How each indicator is recognised in the catalogue's descriptions (ids are looked up, not
 * hard-coded: the BCRA renumbered them between API versions).
 */
const MATCHERS: Record<BcraIndicator, { match: RegExp; avoid?: RegExp; unit: string }> = {
  reservas: { match: /reservas internacionales/i, unit: 'millones de USD' },
  tasa_politica: { match: /pol[ií]tica monetaria/i, unit: '% TNA' },
  badlar: { match: /badlar/i, avoid: /p[uú]blic|total/i, unit: '% TNA' },
};

const CATALOGUE_TTL_MS = 24 * 3600_000;

/** BCRA statistics API v4.0: reserves, policy rate and BADLAR, newest value of each series. */
export class BcraSource extends MarketSource {
  readonly info: SourceInfo = { id: 'bcra', name: 'BCRA', url: 'https://www.bcra.gob.ar' };
  private readonly logger = new Logger('BcraSource');
  private ids: { at: number; map: Map<BcraIndicator, { id: number; unit: string }> } | null = null;

  constructor(private readonly baseUrl: string) {
    super();
  }

  supports(req: FigureRequest): boolean {
    return req.kind === 'macro' && req.indicator in MATCHERS;
  }

  async fetch<R extends FigureRequest>(req: R, signal: AbortSignal): Promise<FigureResult<R>> {
    if (req.kind !== 'macro' || !(req.indicator in MATCHERS)) {
      throw new Error(`unsupported request ${req.kind}`);
    }
    const indicator = req.indicator as BcraIndicator;
    const ids = await this.catalogue(signal);
    const entry = ids.get(indicator);
    if (!entry) throw new SourceShapeError(`catalogue has no series for ${indicator}`);
    const body = await fetchJson(
      `${this.baseUrl}/estadisticas/v4.0/Monetarias/${entry.id}?limit=1`,
      SERIES,
      signal,
    );
    const latest = body.results[0]?.detalle[0];
    if (!latest) throw new SourceShapeError(`series ${entry.id}: empty list`);
    const figure: MacroFigure = {
      indicator,
      value: latest.valor,
      unit: entry.unit,
      as_of: latest.fecha.slice(0, 10),
    };
    return figure as FigureResult<R>;
  }

  /** The catalogue, read once a day: the ids change rarely and the series call needs them. */
  private async catalogue(
    signal: AbortSignal,
  ): Promise<Map<BcraIndicator, { id: number; unit: string }>> {
    if (this.ids && Date.now() - this.ids.at < CATALOGUE_TTL_MS) return this.ids.map;
    const body = await fetchJson(`${this.baseUrl}/estadisticas/v4.0/Monetarias`, CATALOGUE, signal);
    const map = new Map<BcraIndicator, { id: number; unit: string }>();
    for (const [indicator, m] of Object.entries(MATCHERS) as [
      BcraIndicator,
      (typeof MATCHERS)[BcraIndicator],
    ][]) {
      const found = body.results.find(
        (r) => m.match.test(r.descripcion) && !(m.avoid?.test(r.descripcion) ?? false),
      );
      if (found) map.set(indicator, { id: found.idVariable, unit: m.unit });
      else this.logger.warn(`BCRA catalogue: no series matches ${indicator}`);
    }
    this.ids = { at: Date.now(), map };
    return map;
  }
}
