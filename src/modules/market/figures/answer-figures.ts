import type { AnswerSource, FigureCounts } from '../../../infrastructure/database/records';
import type { MarketSnapshot } from '../../context/market-snapshot.sample';
import { checkFigures, FigureEvidence, numbersInJson, UNVERIFIED_NOTICE } from './figure-guard';

export interface AnswerFiguresInput {
  answer: string;
  toolResults: Record<string, unknown>[];
  toolSources: AnswerSource[];
  snapshot: MarketSnapshot;
  /** The user's message, the conversation window, its summary and the retrieved passages. */
  texts: string[];
  /** Other data given in the prompt (the user's profile). */
  data: unknown[];
}

export interface AnswerFigures {
  figures: FigureCounts;
  sources: AnswerSource[];
  /** The closing `⚠️` chunk to stream and save, or null when every figure is backed. */
  notice: string | null;
}

/**
 * The figure guard on a finished answer, and its attribution: the tools' sources, plus the
 * prompt's snapshot when the answer quotes one of its figures (the sample is named as such).
 */
export function answerFigures(input: AnswerFiguresInput): AnswerFigures {
  const evidence = new FigureEvidence();
  for (const r of input.toolResults) evidence.addJson(r);
  evidence.addJson(snapshotFigures(input.snapshot));
  for (const t of input.texts) evidence.addText(t);
  for (const d of input.data) evidence.addJson(d);
  const check = evidence.check(input.answer);
  const sources = [...input.toolSources];
  const fromSnapshot = checkFigures(input.answer, numbersInJson(snapshotFigures(input.snapshot)));
  if (fromSnapshot.checked > fromSnapshot.unverified) {
    sources.push({
      id: input.snapshot.is_sample ? 'sample' : 'backend',
      name: input.snapshot.source,
      as_of: input.snapshot.as_of,
    });
  }
  return {
    figures: { checked: check.checked, unverified: check.unverified },
    sources,
    notice: check.unverified > 0 ? UNVERIFIED_NOTICE : null,
  };
}

/** Only the figures: the snapshot's dates and notes are not numbers an answer may quote. */
function snapshotFigures(s: MarketSnapshot): unknown {
  return { indices: s.indices, fx: s.fx, macro: { ...s.macro, inflacion_periodo: undefined } };
}
