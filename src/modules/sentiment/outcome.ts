/**
 * Outcomes that overturn what came before: an expectation or a promise that what followed
 * proved wrong ("pensé que me iba a cubrir y resulta que ...", "se suponía que llegaba en 5 días
 * y van tres semanas"), and a good state that ended ("todo muy lindo hasta que quise retirar").
 * When the outcome is told as a plain fact the lexicon cannot judge, the turn itself says it
 * went the other way.
 */
import { EMOTIONS } from './lexicon';
import { KIND_CONCESSION, KIND_CONTRAST, KIND_DIRECTION } from './lexicon-entry';
import type { MatchedItems } from './lexicon-matcher';
import type { Contributions } from './stance-adjustments';
import { TOKEN_CLAUSE_START, type NormalizedText } from './normalized-text';

const FRUSTRACION = EMOTIONS.indexOf('frustracion');
const CONFIANZA = EMOTIONS.indexOf('confianza');

/** What someone expected: overturned, it means the opposite. */
const EXPECTATIONS: ReadonlySet<string> = new Set([
  'pense que',
  'pensaba que',
  'crei que',
  'creia que',
  'esperaba que',
  'con miedo de que',
  'tenia miedo de que',
]);
/** What someone was promised: overturned by a plain fact, it is a complaint by itself. */
const PROMISES: ReadonlySet<string> = new Set([
  'se suponia que',
  'supuestamente',
  'me prometieron',
  'nos prometieron',
]);
/** Turns after which a good state is over. */
const ENDINGS: ReadonlySet<string> = new Set(['hasta que']);
/** Weight of a broken promise with no judged words on either side. */
const BROKEN_PROMISE = -1;
/** A reversed expectation, undoing the concession's halving. */
const REVERSED = -2;
/** Evidence below which the outcome counts as a plain fact. */
const PLAIN = 0.1;

export function overturnOutcomes(
  text: NormalizedText,
  items: MatchedItems,
  c: Contributions,
): void {
  for (let m = 0; m < items.count; m++) {
    const e = items.entries[m];
    if (e.kind === KIND_CONCESSION && (EXPECTATIONS.has(e.term) || PROMISES.has(e.term))) {
      overturnExpectation(text, items, c, m, PROMISES.has(e.term));
    } else if (e.kind === KIND_CONTRAST && ENDINGS.has(e.term)) {
      endGoodState(text, items, c, m);
    }
  }
}

/**
 * "Pensé que X y resulta que Y": with Y plain, X's sign is reversed (a hope that failed is a
 * complaint, a fear that did not come true a relief); with X plain too, a broken promise still
 * complains.
 */
function overturnExpectation(
  text: NormalizedText,
  items: MatchedItems,
  c: Contributions,
  m: number,
  promise: boolean,
): void {
  const from = items.end[m];
  const turn = findTurn(text, items, m);
  if (turn >= text.count) return;
  let expected = 0;
  let outcome = 0;
  for (let k = m + 1; k < items.count; k++) {
    const v = c.contrib[k];
    if (items.start[k] < from) continue;
    if (items.start[k] < turn) expected += v;
    else outcome += Math.abs(v);
  }
  if (outcome >= PLAIN) {
    if (expected !== 0) reverseLikeMoves(items, c, turn, expected);
    return;
  }
  if (Math.abs(expected) >= PLAIN) {
    for (let k = m + 1; k < items.count && items.start[k] < turn; k++) {
      if (c.contrib[k] === 0) continue;
      // Reversed, the expectation is the verdict: it no longer carries the concession's discount.
      c.contrib[k] *= REVERSED;
      c.emotionOf[k] = c.contrib[k] < 0 ? FRUSTRACION : CONFIANZA;
    }
  } else if (promise) {
    c.contrib[m] = BROKEN_PROMISE;
    c.emotionOf[m] = FRUSTRACION;
  }
}

/**
 * "Pensé que iba a estar mejor y resulta que todo subió el doble": what followed contradicts the
 * expectation, so a movement whose direction reads the same way as the hope (a rise with no
 * clear subject) is read the other way.
 */
function reverseLikeMoves(items: MatchedItems, c: Contributions, turn: number, expected: number) {
  for (let k = 0; k < items.count; k++) {
    if (items.start[k] < turn || items.entries[k].kind !== KIND_DIRECTION) continue;
    if (c.contrib[k] * expected <= 0) continue;
    c.contrib[k] = -c.contrib[k];
    c.emotionOf[k] = c.contrib[k] < 0 ? FRUSTRACION : CONFIANZA;
  }
}

/** First token of what followed: a "pero"-like turn, a new clause, or a "y" after the clause. */
function findTurn(text: NormalizedText, items: MatchedItems, m: number): number {
  let turn = text.count;
  for (let k = m + 1; k < items.count; k++) {
    if (items.entries[k].kind === KIND_CONTRAST) {
      turn = items.start[k];
      break;
    }
  }
  // At least one word of expectation before the turn ("pensé que iba a subir y ...").
  for (let t = items.end[m] + 1; t < turn; t++) {
    if (text.flags[t] & TOKEN_CLAUSE_START || text.tokens[t] === 'y') return t;
  }
  return turn;
}

/** "Todo muy lindo hasta que quise retirar la plata": the good state before "hasta que" ended. */
function endGoodState(text: NormalizedText, items: MatchedItems, c: Contributions, m: number) {
  const s = text.sentenceOf[items.start[m]];
  let before = 0;
  for (let k = 0; k < m; k++) if (text.sentenceOf[items.start[k]] === s) before += c.contrib[k];
  if (before <= 0) return;
  for (let k = m + 1; k < items.count; k++) if (c.contrib[k] > 0) return;
  for (let k = 0; k < m; k++) {
    if (text.sentenceOf[items.start[k]] !== s || c.contrib[k] <= 0) continue;
    c.contrib[k] = -c.contrib[k];
    c.emotionOf[k] = FRUSTRACION;
  }
}
