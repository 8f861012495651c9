/**
 * Irony: praise that means its opposite. Three cues, applied once every item has its
 * contribution: a face that winks at irony ("🙃", "🤡") after the praise, applause after a
 * complaint, and praise opening or closing a message that otherwise only complains, even when
 * the complaint is told as plain facts ("maravilloso, me debitaron el préstamo dos veces").
 */
import { EMOTIONS } from './lexicon';
import {
  FLAG_APPLAUSE,
  FLAG_IRONIC,
  FLAG_IRONY_MARKER,
  FLAG_LAUGHTER,
  KIND_CONCESSION,
  KIND_INTENSIFIER,
} from './lexicon-entry';
import { COUNT_WORDS, type MatchedItems } from './lexicon-matcher';
import type { Contributions } from './stance-adjustments';
import {
  TOKEN_CLAUSE_START,
  TOKEN_EMOJI,
  TOKEN_NUMBER,
  type NormalizedText,
} from './normalized-text';

const ENOJO = EMOTIONS.indexOf('enojo');
const INCERTIDUMBRE = EMOTIONS.indexOf('incertidumbre');

/** Complaints needed (raw weight) before praise is read as irony. */
const IRONY_EVIDENCE = 0.8;
/** Sincere praise left over (as a share of the complaints) that rules irony out. */
const SINCERE_SHARE = 0.35;
/** Ironic praise counts as a complaint, a little weaker than a plain one. */
const FLIP = -0.8;
/** Weight, as irony evidence, of each plain fact of a complaint ("me debitaron", "40 minutos"). */
const FACT = 0.8;
/** Spans of time and repetitions: "40 minutos", "tres semanas", "cinco veces". */
const SPANS: ReadonlySet<string> = new Set([
  'minutos',
  'hora',
  'horas',
  'hs',
  'dia',
  'dias',
  'semana',
  'semanas',
  'mes',
  'meses',
  'veces',
]);
/** Negations a complaint is told with ("nunca aparece", "no anda nada", "sin luz"). */
const FACT_NEGATORS: ReadonlySet<string> = new Set(['no', 'ni', 'nunca', 'nada', 'nadie', 'sin']);
/** Words before a span that make it a speed or a term, not a wait ("en dos días", "a 30 días"). */
const SPAN_FRAMES: ReadonlySet<string> = new Set(['en', 'a', 'de', 'por', 'cada', 'al', 'del']);

/**
 * "Te amo app, cinco veces me pediste el token 🙃": a face that winks at irony turns every
 * earlier praise in its sentence into a complaint, even when the complaint itself is told as a
 * plain fact the lexicon cannot judge.
 */
export function readIronyMarkers(text: NormalizedText, items: MatchedItems, c: Contributions) {
  for (let m = 0; m < items.count; m++) {
    if ((items.entries[m].flags & FLAG_IRONY_MARKER) === 0) continue;
    const s = text.sentenceOf[items.start[m]];
    for (let k = m - 1; k >= 0 && text.sentenceOf[items.start[k]] === s; k--) {
      if (c.contrib[k] <= 0 || items.entries[k].flags & FLAG_LAUGHTER) continue;
      c.contrib[k] *= FLIP;
      c.emotionOf[k] = ENOJO;
    }
  }
}

/**
 * "Bárbaro, otra comisión", "el bono se desplomó, gracias por el consejo 👏": praise opening or
 * closing a message, and applause anywhere, are irony when the rest of the message only
 * complains.
 */
export function detectIrony(
  text: NormalizedText,
  items: MatchedItems,
  c: Contributions,
  frame?: Uint8Array,
): void {
  let heads = 0;
  let otherPos = 0;
  let otherNeg = 0;
  for (let k = 0; k < items.count; k++) {
    const v = c.contrib[k];
    if (v === 0) continue;
    if (v > 0 && isIronyHead(text, items, k)) heads++;
    else if (v > 0) otherPos += v;
    // A complaint talked about ("la charla sobre estafas") is no evidence of irony.
    else if (c.emotionOf[k] !== INCERTIDUMBRE && (frame === undefined || !frame[k])) otherNeg -= v;
  }
  if (otherNeg < IRONY_EVIDENCE && signedOffIronically(text, items, c)) {
    // Every praise in the message is the wink's.
    for (let k = 0; k < items.count; k++) {
      if (c.contrib[k] > 0 && (items.entries[k].flags & FLAG_LAUGHTER) === 0) {
        c.contrib[k] *= FLIP;
        c.emotionOf[k] = ENOJO;
      }
    }
    return;
  }
  if (heads === 0) return;
  if (otherNeg >= IRONY_EVIDENCE) {
    if (otherPos >= SINCERE_SHARE * otherNeg) return;
  } else if (otherPos > 0 || otherNeg + FACT * complaintFacts(text, items, c) < IRONY_EVIDENCE) {
    // Without a judged complaint, plain facts of one are enough when nothing else is sincere.
    return;
  }
  for (let k = 0; k < items.count; k++) {
    if (c.contrib[k] > 0 && isIronyHead(text, items, k)) {
      c.contrib[k] *= FLIP;
      c.emotionOf[k] = ENOJO;
    }
  }
}

/**
 * Plain facts that complaints are told with, which the lexicon cannot judge on their own: a
 * span of time waited or a count of repetitions ("esperar 40 minutos", "cinco veces"),
 * "otra vez" / "cada vez", and what is still not done ("todavía no me devuelven"). Speed is not a complaint ("en dos minutos"), nor is a term ("a 30
 * días"), nor what an expectation supposed ("pensé que iba a tardar una semana").
 */
export function complaintFacts(
  text: NormalizedText,
  items: MatchedItems,
  c: Contributions,
): number {
  let facts = 0;
  const tokens = text.tokens;
  let supposed = -1;
  for (let k = 0; k < items.count; k++) {
    if (items.entries[k].kind === KIND_CONCESSION) supposed = text.sentenceOf[items.start[k]];
  }
  for (let t = 0; t + 1 < text.count; t++) {
    if (text.sentenceOf[t] === supposed) continue;
    const tok = tokens[t];
    const next = tokens[t + 1];
    const owner = items.coverAt[t + 1];
    if (owner >= 0 && c.contrib[owner] > 0) continue;
    if ((tok === 'otra' || tok === 'cada') && next === 'vez') facts++;
    else if ((tok === 'todavia' || tok === 'aun') && next === 'no') facts++;
    else if (!SPANS.has(next) || (t > 0 && SPAN_FRAMES.has(tokens[t - 1]))) continue;
    else if (text.flags[t] & TOKEN_NUMBER || COUNT_WORDS.has(tok)) facts++;
  }
  return facts;
}

/**
 * "Bravo, expensas de 400 lucas 👏", "pagando dos alquileres a la vez, divertidísimo 🙂": the
 * message ends in applause, a polite smile or a thumbs up, praise stands elsewhere in it, and
 * another clause only tells a fact (nothing in it is good). The sign-off is then a wink at that
 * fact, whatever the fact is, and all the praise is ironic; a single clause of praise ("genial
 * la nueva función 👏") or good news in every clause stays sincere.
 */
function signedOffIronically(text: NormalizedText, items: MatchedItems, c: Contributions): boolean {
  let last = text.count - 1;
  let applause = false;
  for (; last >= 0 && text.flags[last] & TOKEN_EMOJI; last--) {
    const owner = items.coverAt[last];
    if (owner >= 0 && items.entries[owner].flags & FLAG_APPLAUSE) applause = true;
  }
  if (!applause || last < 0) return false;
  let praise = false;
  for (let k = 0; k < items.count && !praise; k++) {
    praise = c.contrib[k] > 0 && (items.entries[k].flags & (FLAG_APPLAUSE | FLAG_LAUGHTER)) === 0;
  }
  if (!praise) return false;
  // A clause of at least two words with nothing good in it and something a complaint is told
  // with (a figure, a negation or a complaint): the fact.
  let words = 0;
  let positive = false;
  let told = false;
  for (let t = 0; t <= last + 1; t++) {
    if (t === last + 1 || text.flags[t] & TOKEN_CLAUSE_START) {
      if (t > 0 && words >= 2 && told && !positive) return true;
      words = 0;
      positive = false;
      told = false;
      if (t === last + 1) break;
    }
    const owner = items.coverAt[t];
    if (owner >= 0 && c.contrib[owner] > 0) positive = true;
    else if ((text.flags[t] & TOKEN_EMOJI) === 0) words++;
    if (
      (owner >= 0 && c.contrib[owner] < 0) ||
      text.flags[t] & TOKEN_NUMBER ||
      FACT_NEGATORS.has(text.tokens[t])
    ) {
      told = true;
    }
  }
  return false;
}

/**
 * Applause is ironic wherever it stands; praise only at the start of a sentence ("Genial, ...")
 * or alone at its end ("..., genial").
 */
function isIronyHead(text: NormalizedText, items: MatchedItems, k: number): boolean {
  const flags = items.entries[k].flags;
  if (flags & FLAG_APPLAUSE) return true;
  if ((flags & FLAG_IRONIC) === 0) return false;
  const st = items.start[k];
  const en = items.end[k];
  if (st - text.sentenceFirstToken[text.sentenceOf[st]] <= 2) return true;
  if (!closesClause(text, en)) return false;
  // Alone in its clause, give or take an intensifier ("..., muy bien ahí").
  let t = st;
  while (!(text.flags[t] & TOKEN_CLAUSE_START)) {
    const owner = items.coverAt[--t];
    if (owner < 0 || items.entries[owner].kind !== KIND_INTENSIFIER) return false;
  }
  return true;
}

/** Whether token `at` ends a clause, trailing emoji aside ("..., gracias por el consejo 👏"). */
function closesClause(text: NormalizedText, at: number): boolean {
  let t = at;
  while (t < text.count && text.flags[t] & TOKEN_EMOJI && !(text.flags[t] & TOKEN_CLAUSE_START))
    t++;
  return t >= text.count || (text.flags[t] & TOKEN_CLAUSE_START) !== 0;
}
