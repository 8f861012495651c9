import { hashText } from './answer-text';
import { foldText, searchTerms } from './knowledge-base';
import type { KnowledgeHit, OfflineAnswerContext } from './knowledge.types';

const PRICE_CUE =
  /\b(a cuanto|cuanto (esta|vale|sale|cotiza|cerro)|cotizacion|cotiza hoy|precio (actual|de hoy|hoy)|valor (actual|de hoy)|como cerro)\b/;
const NOW_CUE = /\b(hoy|ahora|en este momento)\b/;
const LEVEL_CUE = /\b(como esta|cual es|cuanto|nivel|valor|precio|tasa)\b/;
const COMPARISON_CUE = /\b(o|vs|versus|diferencia|diferencias|comparar|conviene|mejor)\b/;

/** Upper-case words users type that look like tickers but are concepts. */
const NOT_TICKERS = new Set(
  (
    'MEP CCL FCI FCIS CER UVA TNA TEM TEA TIR BCRA INDEC IPC CNV ADR ADRS ON ONS REM EMBI USD ARS ' +
    'ALYC ALYCS CAFCI LECAP LECAPS BONCAP LELIQ LELIQS LEBAC LEBACS CEDEAR CEDEARS ETF ETFS PSAV ' +
    'ARCA AFIP IVA DNI PBI PAIS OK LEDE LEDES LEFI BYMA MAE TAMAR BADLAR MULC ANSES FGS CI'
  ).split(' '),
);

/** A question as every offline answerer sees it: analysed once, with what is known about the user. */
export interface OfflineQuestion {
  /** As the user wrote it (identifiers already masked). */
  text: string;
  /** Lower-cased, without diacritics. */
  folded: string;
  /** Search terms, as the knowledge base sees them. */
  terms: string[];
  /** Stable per question, so phrasing varies between questions but never between runs. */
  seed: number;
  asksPrice: boolean;
  asksComparison: boolean;
  tickers: string[];
  /** Passages retrieved for the question, most relevant first. */
  hits: KnowledgeHit[];
  context: OfflineAnswerContext;
}

/**
 * One step of the offline assistant. The composer asks its answerers in order and the first
 * that returns text answers, so a step that must run before retrieval (small talk, the
 * glossary, live figures) is one more entry placed ahead of it in the list.
 */
export interface OfflineAnswerer {
  readonly name: string;
  /** The answer, or null to leave the question to the next answerer. */
  answer(question: OfflineQuestion): string | null;
}

export function analyzeQuestion(
  text: string,
  hits: KnowledgeHit[],
  context: OfflineAnswerContext,
): OfflineQuestion {
  const folded = foldText(text);
  const tickers = (text.match(/\b[A-Z][A-Z0-9]{1,5}\b/g) ?? []).filter(
    (word) => !NOT_TICKERS.has(word),
  );
  return {
    text,
    folded,
    terms: searchTerms(text),
    seed: hashText(folded.trim()),
    asksPrice: PRICE_CUE.test(folded) || (NOW_CUE.test(folded) && LEVEL_CUE.test(folded)),
    asksComparison: COMPARISON_CUE.test(folded),
    tickers: [...new Set(tickers)],
    hits,
    context,
  };
}
