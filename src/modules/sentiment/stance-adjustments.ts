/**
 * Message-level corrections applied once every item has its contribution: laughter, doubt and
 * market moves reported as news (irony lives in `irony.ts`).
 */
import { EMOTIONS } from './lexicon';
import { FLAG_LAUGHTER, KIND_DIRECTION } from './lexicon-entry';
import { isSignedFigure, type MatchedItems } from './lexicon-matcher';
import { QUESTION } from './sentence-structure';
import type { NormalizedText } from './normalized-text';

const INCERTIDUMBRE = EMOTIONS.indexOf('incertidumbre');

/** Weight of doubt ("no sé si ...") in a message that goes on to ask what to do. */
const DOUBT_WHEN_ASKING = 0.3;
/** Weight of market moves told as news, with nobody's money in them ("el BCRA bajó la tasa"). */
const REPORTED = 0.3;

/** Per-item contributions being adjusted (parallel to `MatchedItems`). */
export interface Contributions {
  readonly contrib: Float64Array;
  readonly emotionOf: Int8Array;
}

/**
 * Laughter follows the mood around it ("perdí todo jaja" is still a loss): it only counts when
 * nothing else in the message carries a stance.
 */
export function muteLaughter(items: MatchedItems, c: Contributions): void {
  let laughs = false;
  let other = false;
  for (let k = 0; k < items.count; k++) {
    if (c.contrib[k] === 0) continue;
    if (items.entries[k].flags & FLAG_LAUGHTER) laughs = true;
    else other = true;
  }
  if (!laughs || !other) return;
  for (let k = 0; k < items.count; k++) {
    if (items.entries[k].flags & FLAG_LAUGHTER) c.contrib[k] = 0;
  }
}

/**
 * "No sé si arrancar con bonos o con un fondo. ¿Qué me sugerís?": doubt in a message that asks
 * is the reason for asking, not a mood. Items already inside a question are left as they are.
 */
export function softenDoubt(
  text: NormalizedText,
  items: MatchedItems,
  question: Uint8Array,
  c: Contributions,
): void {
  let asks = false;
  for (let s = 0; s < text.sentenceCount; s++) if (question[s] === QUESTION) asks = true;
  if (!asks) return;
  for (let k = 0; k < items.count; k++) {
    if (c.emotionOf[k] !== INCERTIDUMBRE || c.contrib[k] >= 0) continue;
    if (question[text.sentenceOf[items.start[k]]] !== QUESTION) c.contrib[k] *= DOUBT_WHEN_ASKING;
  }
}

/**
 * "Ayer subió el blue a 1300", "las acciones de Tesla cayeron 5%": when the only evidence is
 * market movement, and nothing shows the writer's own money, feelings or exclamations, the
 * message reports news rather than taking a stance. A signed figure ("+12%", "-$300") is the
 * writer's own result, so it is never a report.
 */
export function discountReport(text: NormalizedText, items: MatchedItems, c: Contributions): void {
  if (items.personal > 0 || text.exclamations > 0) return;
  let moves = 0;
  for (let k = 0; k < items.count; k++) {
    if (c.contrib[k] === 0) continue;
    const e = items.entries[k];
    if (e.kind !== KIND_DIRECTION || isSignedFigure(e.term)) return;
    moves++;
  }
  if (moves === 0) return;
  for (let k = 0; k < items.count; k++) c.contrib[k] *= REPORTED;
}
