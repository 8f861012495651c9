/** Market figures the assistant may quote; every figure is tied to `as_of` and `source`. */
export interface MarketSnapshot {
  /** ISO date (YYYY-MM-DD) the figures refer to. */
  as_of: string;
  source: string;
  /** True for the bundled example data: answers must never present it as a live quote. */
  is_sample: boolean;
  /** Spanish note shown or passed to the model together with the figures. */
  note: string;
  indices: {
    /** S&P Merval, in points (pesos). */
    merval_points: number;
    /** S&P Merval divided by the CCL, in dollars. */
    merval_usd_ccl: number;
  };
  /** Pesos per dollar. */
  fx: {
    oficial_mayorista: number;
    oficial_minorista: number;
    mep: number;
    ccl: number;
    blue: number;
    /** CCL over the wholesale official rate, minus one, in percent. */
    brecha_ccl_pct: number;
  };
  macro: {
    inflacion_mensual_pct: number;
    /** Month the monthly inflation figure refers to (YYYY-MM). */
    inflacion_periodo: string;
    inflacion_interanual_pct: number;
    riesgo_pais_pb: number;
    reservas_brutas_usd_millones: number;
  };
}

/**
 * Illustrative, internally consistent figures used when no market source is configured, so the
 * prompt and the answers keep their shape; they are not real quotes and say so.
 */
export const SAMPLE_MARKET_SNAPSHOT: MarketSnapshot = {
  as_of: '2026-11-20',
  source: 'Datos de ejemplo incluidos en el servicio (sin fuente de mercado configurada)',
  is_sample: true,
  note: 'Datos de ejemplo con fecha, ilustrativos: no son cotizaciones reales ni en tiempo real. Para valores actuales, consultá BYMA, el BCRA y el INDEC.',
  indices: {
    merval_points: 3_200_000,
    merval_usd_ccl: 1_951,
  },
  fx: {
    oficial_mayorista: 1_580,
    oficial_minorista: 1_630,
    mep: 1_610,
    ccl: 1_640,
    blue: 1_625,
    brecha_ccl_pct: 3.8,
  },
  macro: {
    inflacion_mensual_pct: 1.9,
    inflacion_periodo: '2026-10',
    inflacion_interanual_pct: 25.3,
    riesgo_pais_pb: 550,
    reservas_brutas_usd_millones: 42_000,
  },
};
