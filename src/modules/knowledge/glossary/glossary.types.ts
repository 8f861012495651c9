import type { PassageRiskLevel } from '../knowledge.types';

/** Who a glossary explanation relies on; each has a public site to confirm what changes. */
export const GLOSSARY_SOURCES = {
  BCRA: 'el BCRA (bcra.gob.ar)',
  CNV: 'la CNV (cnv.gob.ar)',
  BYMA: 'BYMA (byma.com.ar)',
  'A3 Mercados': 'A3 Mercados (a3mercados.com.ar)',
  ARCA: 'ARCA (arca.gob.ar)',
  INDEC: 'el INDEC (indec.gob.ar)',
  'Secretaría de Finanzas': 'la Secretaría de Finanzas (argentina.gob.ar/economia/finanzas)',
  ANSES: 'la ANSES (anses.gob.ar)',
  CAFCI: 'la CAFCI (cafci.org.ar)',
  'Ministerio de Economía': 'el Ministerio de Economía (argentina.gob.ar/economia)',
  'Caja de Valores': 'Caja de Valores (cajadevalores.com.ar)',
  'JP Morgan':
    'los informes del índice EMBI de JP Morgan que publican tu ALyC y la prensa financiera',
} as const;

export type GlossarySource = keyof typeof GLOSSARY_SOURCES;

export type GlossaryCategory =
  'instrumento' | 'dolar' | 'institucion' | 'impuesto' | 'orden' | 'concepto';

/** One term a beginner meets in the Argentine market, explained in a few Spanish sentences. */
export interface GlossaryEntry {
  id: string;
  /** The term as it is usually written ("CEDEAR", "plazo fijo UVA"). */
  term: string;
  /** Other names, abbreviations and plurals people use; matching ignores accents and case. */
  aliases: readonly string[];
  category: GlossaryCategory;
  /** Two to four Spanish sentences; any figure or rule that changes carries its date. */
  text: string;
  /** What the explanation relies on. */
  source: GlossarySource;
  /** ISO date (YYYY-MM-DD) of the last review of this entry. */
  reviewed_at: string;
  /** Who regulates or supervises it, for "¿quién regula…?" ("la CNV"). */
  regulator?: string;
  /** Set only for something one can invest in; lets the answer adapt to a risk profile. */
  risk_level?: PassageRiskLevel;
  /** The entry mentions rules, rates or limits that change: the answer points to the source. */
  changes?: boolean;
}
