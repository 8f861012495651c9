import type { MatchedItems } from './lexicon-matcher';
import {
  FLAG_MENTION,
  FLAG_TOPICAL,
  FLAG_RHETORICAL,
  KIND_CONCESSION,
  KIND_COMPLEMENT,
  KIND_CONDITION,
  KIND_CONTRAST,
  KIND_HEARSAY,
  KIND_DIRECTION,
  KIND_INTENSIFIER,
  KIND_INTERROGATIVE,
  KIND_POLAR,
  KIND_REQUEST,
  KIND_TOPIC,
} from './lexicon-entry';
import { TOKEN_CLAUSE_START, type NormalizedText } from './normalized-text';
import { afterOpeners } from './spoken-register';

/** Per-sentence marks written by `markQuestions`. */
export const STATEMENT = 0;
export const QUESTION = 1;
export const RHETORICAL_QUESTION = 2;
/** Opened by a question word but with no "?": market terms are asked, feelings still count. */
export const LOOSE_QUESTION = 3;

/** Per-item frame bits written by `frameItems`. */
/** After a request ("explicame ...") or a topic ("un trabajo sobre ..."): asked, not felt. */
export const FRAME_ASKED = 1;
/** After "qué significa": the words are only mentioned. */
export const FRAME_MENTIONED = 2;
/** Inside an "if" clause: supposed, it has not happened. */
export const FRAME_SUPPOSED = 4;
/** After "dicen que": someone else's view. */
export const FRAME_HEARSAY = 8;
/** The event a feeling is about ("... de haber confiado"): it adds nothing of its own. */
export const FRAME_CONTENT = 16;

/** Openers that turn a question into disbelief or a complaint ("¿En serio me cobraron...?"). */
const RHETORICAL_OPENERS = new Set(['en serio', 'posta', 'otra vez', 'de nuevo', 'y encima']);
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
    const st = items.start[k];
    const s = text.sentenceOf[st];
    // "¿Cómo puede ser que...?" complains: the whole sentence keeps its weight.
    if (items.entries[k].flags & FLAG_RHETORICAL) q[s] = RHETORICAL_QUESTION;
    else if (
      q[s] === QUESTION &&
      st === text.sentenceFirstToken[s] &&
      RHETORICAL_OPENERS.has(items.entries[k].term)
    ) {
      q[s] = RHETORICAL_QUESTION;
    }
  }
  for (let k = 0; k < items.count; k++) {
    const e = items.entries[k];
    if (e.kind !== KIND_INTERROGATIVE) continue;
    const st = items.start[k];
    const s = text.sentenceOf[st];
    if (q[s] || text.sentenceExclaims[s]) continue;
    // "escuchame cuánto me cobran...": greetings and fillers do not stop a question opening.
    const opensSentence = afterOpeners(text, st);
    const opensClause =
      (text.flags[st] & TOKEN_CLAUSE_START) !== 0 && CLAUSE_QUESTION_WORDS.has(e.term);
    if (!opensSentence && !opensClause) continue;
    // "Qué bronca", "qué buen dato": an exclamation, not a question.
    if (e.term === 'que' && k + 1 < items.count && items.start[k + 1] === items.end[k]) {
      const next = items.entries[k + 1].kind;
      if (next === KIND_POLAR || next === KIND_INTENSIFIER || next === KIND_DIRECTION) continue;
    }
    q[s] = LOOSE_QUESTION;
  }
  // Without "?", a feeling shows a statement: "cuando vi el -20% casi me infarto".
  for (let k = 0; k < items.count; k++) {
    const e = items.entries[k];
    const s = text.sentenceOf[items.start[k]];
    if (q[s] === LOOSE_QUESTION && e.kind === KIND_POLAR && !(e.flags & FLAG_TOPICAL)) {
      q[s] = STATEMENT;
    }
  }
}

/**
 * Marks items that are asked about, mentioned or supposed rather than felt: what follows a
 * request or a definition question in its sentence, a topic word or an "if" in its clause.
 */
export function frameItems(
  text: NormalizedText,
  items: MatchedItems,
  q: Uint8Array,
  frame: Uint8Array,
): void {
  const count = items.count;
  for (let k = 0; k < count; k++) frame[k] = 0;
  let requestSentence = -1;
  for (let m = 0; m < count; m++) {
    const e = items.entries[m];
    const st = items.start[m];
    const s = text.sentenceOf[st];
    let bit = 0;
    let end = 0;
    if (e.kind === KIND_CONDITION) {
      bit = FRAME_SUPPOSED;
      end = clauseEndAfter(text, items.end[m]);
    } else if (e.kind === KIND_TOPIC || e.kind === KIND_HEARSAY) {
      bit = e.kind === KIND_TOPIC ? FRAME_ASKED : FRAME_HEARSAY;
      end = clauseEndAfter(text, items.end[m]);
    } else if (e.kind === KIND_COMPLEMENT) {
      markContent(text, items, m, frame);
      continue;
    } else if (e.kind === KIND_REQUEST) {
      bit = FRAME_ASKED;
      end = sentenceEndAfter(text, st);
      requestSentence = s;
    } else if (e.flags & FLAG_MENTION) {
      // "la app que es un desastre" is a relative clause, not a question about meaning.
      const opens = (text.flags[st] & TOKEN_CLAUSE_START) !== 0 && !text.sentenceExclaims[s];
      const asks = q[s] === QUESTION || requestSentence === s || opens;
      if (!asks) continue;
      bit = FRAME_MENTIONED;
      end = sentenceEndAfter(text, st);
    } else {
      continue;
    }
    for (let k = m + 1; k < count && items.start[k] < end; k++) frame[k] |= bit;
  }
}

/** What follows "pero" weighs more; what a leading "aunque" concedes weighs less. */
export function weighContrast(text: NormalizedText, items: MatchedItems, w: Float64Array): void {
  const n = text.count;
  for (let k = 0; k < items.count; k++) w[k] = 1;
  let lastEnd = -1;
  for (let m = 0; m < items.count; m++) {
    const e = items.entries[m];
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
      // With nothing scored before it, "pero" turns away from nothing: no boost after it.
      const boost = scoredBefore(items, pos) ? 1.5 : 1;
      for (let k = 0; k < items.count; k++) {
        if (items.end[k] <= pos) w[k] *= 0.5;
        else if (items.start[k] >= end) w[k] *= boost;
      }
      continue;
    }
    // "Estaba preocupado pero ya se solucionó": a turn also ends what was conceded.
    const clauseEnd = Math.min(clauseEndAfter(text, end), nextTurn(items, m));
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

/**
 * "Me siento un boludo por haber confiado", "contento de haber salido antes del derrumbe": after
 * "de/por haber", the rest of the clause is what an earlier feeling is about, so its terms do
 * not count on their own.
 */
function markContent(text: NormalizedText, items: MatchedItems, m: number, frame: Uint8Array) {
  const s = text.sentenceOf[items.start[m]];
  let feeling = false;
  for (let k = m - 1; k >= 0 && text.sentenceOf[items.start[k]] === s; k--) {
    const e = items.entries[k];
    if (e.kind === KIND_POLAR && !(e.flags & FLAG_TOPICAL)) feeling = true;
  }
  if (!feeling) return;
  const end = clauseEndAfter(text, items.end[m]);
  for (let k = m + 1; k < items.count && items.start[k] < end; k++) frame[k] |= FRAME_CONTENT;
}

/** Start of the first "pero"-like turn after item `m` (or a position past every token). */
function nextTurn(items: MatchedItems, m: number): number {
  for (let k = m + 1; k < items.count; k++) {
    if (items.entries[k].kind === KIND_CONTRAST) return items.start[k];
  }
  return Number.MAX_SAFE_INTEGER;
}

function scoredBefore(items: MatchedItems, pos: number): boolean {
  for (let k = 0; k < items.count && items.end[k] <= pos; k++) {
    const kind = items.entries[k].kind;
    if (kind === KIND_POLAR || kind === KIND_DIRECTION) return true;
  }
  return false;
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

/** First token of the sentence after the one holding token `at` (or the message end). */
function sentenceEndAfter(text: NormalizedText, at: number): number {
  const s = text.sentenceOf[at];
  let t = at + 1;
  while (t < text.count && text.sentenceOf[t] === s) t++;
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
