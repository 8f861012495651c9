/**
 * The last word in a long, mixed message: people tell a story in order and end where they
 * stand ("el lunes estaba en -8% y me quería morir, ... hoy cierro la semana +4%, re contento").
 */
import type { Contributions } from './stance-adjustments';
import type { MatchedItems } from './lexicon-matcher';
import { TOKEN_CLAUSE_START, type NormalizedText } from './normalized-text';

/** Clauses a message needs before its ending is read as its verdict. */
const LONG_MESSAGE_CLAUSES = 3;
/** Weight of each side (sum of contributions) before a message counts as mixed. */
const MIXED_SIDE = 0.5;
/** Weight of the closing clause, and of everything told before it. */
const CLOSING = 1.5;
const EARLIER = 0.75;

/**
 * In a message of several clauses that carries both good and bad news, the last clause with a
 * stance weighs more than the story that led to it.
 */
export function weighClosingClause(
  text: NormalizedText,
  items: MatchedItems,
  c: Contributions,
): void {
  let clauses = 0;
  for (let t = 0; t < text.count; t++) if (text.flags[t] & TOKEN_CLAUSE_START) clauses++;
  if (clauses < LONG_MESSAGE_CLAUSES) return;
  let pos = 0;
  let neg = 0;
  let last = -1;
  for (let k = 0; k < items.count; k++) {
    const v = c.contrib[k];
    if (v > 0) pos += v;
    else if (v < 0) neg -= v;
    if (v !== 0) last = k;
  }
  if (pos < MIXED_SIDE || neg < MIXED_SIDE) return;
  const from = clauseStart(text, items.start[last]);
  for (let k = 0; k < items.count; k++) {
    c.contrib[k] *= items.start[k] >= from ? CLOSING : EARLIER;
  }
}

function clauseStart(text: NormalizedText, at: number): number {
  let t = at;
  while (t > 0 && !(text.flags[t] & TOKEN_CLAUSE_START)) t--;
  return t;
}
