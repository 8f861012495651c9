import type { MatchedItems } from './lexicon-matcher';
import {
  FLAG_RHETORICAL,
  KIND_CONCESSION,
  KIND_CONDITION,
  KIND_CONTRAST,
  KIND_DIRECTION,
  KIND_INTENSIFIER,
  KIND_INTERROGATIVE,
  KIND_POLAR,
} from './lexicon-entry';
import { TOKEN_CLAUSE_START, type NormalizedText } from './text-normalizer';

/** Per-sentence marks written by `markQuestions`. */
export const STATEMENT = 0;
export const QUESTION = 1;
export const RHETORICAL_QUESTION = 2;

/** Weight of what an "if" clause supposes: it has not happened. */
const HYPOTHETICAL = 0.35;
/** Concessions that date their own clause ("al principio tuve miedo"). */
const PAST_MARKERS = new Set(['al principio', 'en un principio']);
/** Wh-words that turn a clause into a question even without "?" ("..., cómo la recupero"). */
const CLAUSE_QUESTION_WORDS = new Set(['como', 'cuanto', 'cuanta', 'cuantos', 'cuantas', 'cual']);

/**
 * Marks each sentence as a statement, a question or a rhetorical question. Without "?" a
 * sentence still asks when it opens with a question word ("como se arma una orden limite").
 */
export function markQuestions(text: NormalizedText, items: MatchedItems, q: Uint8Array): void {
  for (let s = 0; s < text.sentenceCount; s++) q[s] = text.sentenceQuestion[s];
  for (let k = 0; k < items.count; k++) {
    // "¿Cómo puede ser que...?" complains: the whole sentence keeps its weight.
    if (items.entries[k].flags & FLAG_RHETORICAL)
      q[text.sentenceOf[items.start[k]]] = RHETORICAL_QUESTION;
  }
  for (let k = 0; k < items.count; k++) {
    const e = items.entries[k];
    if (e.kind !== KIND_INTERROGATIVE) continue;
    const st = items.start[k];
    const s = text.sentenceOf[st];
    if (q[s] || text.sentenceExclaims[s]) continue;
    const opensSentence = st === text.sentenceFirstToken[s];
    const opensClause =
      (text.flags[st] & TOKEN_CLAUSE_START) !== 0 && CLAUSE_QUESTION_WORDS.has(e.term);
    if (!opensSentence && !opensClause) continue;
    // "Qué bronca", "qué buen dato": an exclamation, not a question.
    if (e.term === 'que' && k + 1 < items.count && items.start[k + 1] === items.end[k]) {
      const next = items.entries[k + 1].kind;
      if (next === KIND_POLAR || next === KIND_INTENSIFIER || next === KIND_DIRECTION) continue;
    }
    q[s] = QUESTION;
  }
}

/**
 * What follows "pero" weighs more; what a leading "aunque" concedes and what an "if" clause
 * supposes weigh less.
 */
export function weighContrast(text: NormalizedText, items: MatchedItems, w: Float64Array): void {
  const n = text.count;
  for (let k = 0; k < items.count; k++) w[k] = 1;
  let lastEnd = -1;
  for (let m = 0; m < items.count; m++) {
    const e = items.entries[m];
    if (e.kind === KIND_CONDITION) {
      const clauseEnd = clauseEndAfter(text, items.end[m]);
      for (let k = 0; k < items.count; k++) {
        if (items.start[k] > items.start[m] && items.start[k] < clauseEnd) w[k] *= HYPOTHETICAL;
      }
      continue;
    }
    if (e.kind !== KIND_CONTRAST && e.kind !== KIND_CONCESSION) continue;
    const pos = items.start[m];
    const end = items.end[m];
    if (e.kind === KIND_CONTRAST) {
      // "pero igual" is one turn, not two.
      const chained = pos === lastEnd;
      lastEnd = end;
      if (chained) continue;
    }
    // A clause-final "igual" means "anyway", not "but".
    if (e.term === 'igual' && (end >= n || text.flags[end] & TOKEN_CLAUSE_START)) continue;
    const s = text.sentenceOf[pos];
    const initial = pos === text.sentenceFirstToken[s];
    if (e.kind === KIND_CONTRAST || (!initial && e.term === 'aunque')) {
      for (let k = 0; k < items.count; k++) {
        if (items.end[k] <= pos) w[k] *= 0.5;
        else if (items.start[k] >= end) w[k] *= 1.5;
      }
      continue;
    }
    const clauseEnd = clauseEndAfter(text, end);
    // "Tuve miedo al principio": the whole clause is in the past, not just what follows.
    const from = PAST_MARKERS.has(e.term) ? clauseStartBefore(text, pos) : pos;
    for (let k = 0; k < items.count; k++) {
      const st = items.start[k];
      if (st >= from && st < clauseEnd) w[k] *= 0.5;
      else if (initial && st >= clauseEnd && text.sentenceOf[st] === s) w[k] *= 1.5;
    }
  }
  for (let k = 0; k < items.count; k++) w[k] = Math.min(2, Math.max(0.25, w[k]));
}

/** Whether clause punctuation sits between token `from` (inclusive) and `to` (inclusive). */
export function crossesClause(text: NormalizedText, from: number, to: number): boolean {
  for (let t = from; t <= to && t < text.count; t++) {
    if (text.flags[t] & TOKEN_CLAUSE_START) return true;
  }
  return false;
}

/** First token of the clause holding token `at`. */
function clauseStartBefore(text: NormalizedText, at: number): number {
  let t = at;
  while (t > 0 && !(text.flags[t] & TOKEN_CLAUSE_START)) t--;
  return t;
}

/** First token after `from` that opens a new clause or sentence (or the message end). */
function clauseEndAfter(text: NormalizedText, from: number): number {
  if (from >= text.count) return from;
  const s = text.sentenceOf[from - 1 >= 0 ? from - 1 : 0];
  let t = from;
  while (t < text.count && text.sentenceOf[t] === s && !(text.flags[t] & TOKEN_CLAUSE_START)) t++;
  return t;
}
