import { EMOTIONS } from './lexicon';
import type { MatchedItems } from './lexicon-matcher';
import {
  FRAME_ASKED,
  FRAME_CONTENT,
  FRAME_HEARSAY,
  FRAME_MENTIONED,
  FRAME_SUPPOSED,
  LOOSE_QUESTION,
  QUESTION,
  crossesClause,
  frameItems,
  markQuestions,
  weighContrast,
} from './sentence-structure';
import {
  FLAG_AFTER,
  FLAG_AMPLIFIER,
  FLAG_BEFORE,
  FLAG_EMPHATIC,
  FLAG_FIXED,
  FLAG_INTERJECTION,
  FLAG_TOPICAL,
  KIND_CONTRAST,
  KIND_DIRECTION,
  KIND_INTENSIFIER,
  KIND_INTERROGATIVE,
  KIND_NEGATOR,
  KIND_POLAR,
  KIND_SUBJECT,
  NO_SUBJECT,
} from './lexicon-entry';
import { summarise, type ScoreState } from './sentiment-summary';
import { afterOpeners, pausesAfter } from './spoken-register';
import { weighClosingClause } from './closing-clause';
import { detectIrony, readIronyMarkers } from './irony';
import { overturnOutcomes } from './outcome';
import { discountReport, muteLaughter, softenDoubt } from './stance-adjustments';
import type { Sentiment } from './sentiment.types';
import {
  TOKEN_CLAUSE_START,
  TOKEN_ELONGATED,
  TOKEN_UPPER,
  type NormalizedText,
} from './normalized-text';

const MIEDO = EMOTIONS.indexOf('miedo');
const FRUSTRACION = EMOTIONS.indexOf('frustracion');
const EUFORIA = EMOTIONS.indexOf('euforia');
const CONFIANZA = EMOTIONS.indexOf('confianza');
/** How far (in tokens) a negation reaches. */
const NEGATION_REACH = 3;
/** Negators that only reach the next word or two ("sin vueltas y rapidísima"). */
const SHORT_NEGATORS = new Set(['sin', 'cero', 'poco', 'menos']);
/** Refusals that are complaints by themselves and negate the praise right after them. */
const REFUSALS = new Set([
  'ni en pedo',
  'ni loco',
  'ni loca',
  'ni a palos',
  'ni mamado',
  'ni en joda',
]);
/** "Nunca ... tanto" means "never this much"; "no ... tanto" means "not that much". */
const EMPHATIC_NEGATORS = new Set(['nunca', 'jamas']);
/** Inside a plain question, topical terms are asked about, not felt. */
const QUESTION_TOPICAL = 0.12;
const QUESTION_AFFECT = 0.4;
/** After a request ("explicame por qué se desplomaron los bonos") market terms are pure topic. */
const REQUEST_TOPICAL = 0.06;
/** Weight of what others are said to think ("dicen que es una estafa"). */
const HEARSAY = 0.15;
/** Weight of a feeling an "if" clause supposes: it has not happened. */
const HYPOTHETICAL = 0.35;
/** "¿No es genial...?" asks for agreement: the opening "no" negates nothing. */
const AGREEMENT_VERBS = new Set(['es', 'era', 'seria', 'sera', 'fue', 'son', 'esta', 'estan']);

/** Scratch arrays, parallel to the matched items; grown on demand and reused. */
class Buffers implements ScoreState {
  contrib = new Float64Array(64);
  weight = new Float64Array(64);
  amp = new Float64Array(64);
  emotionOf = new Int8Array(64);
  subjectToken = new Int32Array(64);
  used = new Uint8Array(64);
  frame = new Uint8Array(64);
  question = new Uint8Array(16);

  ensure(count: number, sentences: number): void {
    if (this.contrib.length < count) {
      const size = count * 2;
      this.contrib = new Float64Array(size);
      this.weight = new Float64Array(size);
      this.amp = new Float64Array(size);
      this.emotionOf = new Int8Array(size);
      this.subjectToken = new Int32Array(size);
      this.used = new Uint8Array(size);
      this.frame = new Uint8Array(size);
    }
    if (this.question.length < sentences) this.question = new Uint8Array(sentences * 2);
  }
}

/** Turns lexicon hits into a `Sentiment`; all scratch space is reused between calls. */
export class SentimentScorer {
  private readonly b = new Buffers();
  private readonly emotionSums = new Float64Array(EMOTIONS.length);

  /** Each matched item's final contribution in the last `score` call (valid until the next). */
  get contributions(): Float64Array {
    return this.b.contrib;
  }

  score(text: NormalizedText, items: MatchedItems): Sentiment {
    const b = this.b;
    b.ensure(items.count, text.sentenceCount);
    markQuestions(text, items, b.question);
    frameItems(text, items, b.question, b.frame);
    weighContrast(text, items, b.weight);
    this.findAmplifiers(text, items);
    for (let k = 0; k < items.count; k++) this.scoreItem(text, items, k);
    muteLaughter(items, b);
    softenDoubt(text, items, b.question, b);
    discountReport(text, items, b);
    overturnOutcomes(text, items, b);
    readIronyMarkers(text, items, b);
    detectIrony(text, items, b, b.frame);
    weighClosingClause(text, items, b);
    return summarise(text, items, b, this.emotionSums);
  }

  /** "un cagazo bárbaro", "qué lindo perder plata": the size word only scales its neighbour. */
  private findAmplifiers(text: NormalizedText, items: MatchedItems): void {
    const count = items.count;
    for (let k = 0; k < count; k++) {
      this.b.amp[k] = 1;
      this.b.used[k] = 0;
    }
    for (let k = 0; k < count; k++) {
      if ((items.entries[k].flags & FLAG_AMPLIFIER) === 0) continue;
      const st = items.start[k];
      const en = items.end[k];
      if (k > 0 && items.end[k - 1] === st && !(text.flags[st] & TOKEN_CLAUSE_START)) {
        if (isPlainScored(items, k - 1)) {
          this.b.amp[k - 1] *= 1.5;
          this.b.used[k] = 1;
          continue;
        }
      }
      if (k + 1 < count && items.start[k + 1] === en && !(text.flags[en] & TOKEN_CLAUSE_START)) {
        if (isPlainScored(items, k + 1)) {
          this.b.amp[k + 1] *= 1.5;
          this.b.used[k] = 1;
        }
      }
    }
  }

  private scoreItem(text: NormalizedText, items: MatchedItems, k: number): void {
    this.b.contrib[k] = 0;
    this.b.subjectToken[k] = -1;
    const e = items.entries[k];
    if ((e.kind !== KIND_POLAR && e.kind !== KIND_DIRECTION) || this.b.used[k]) return;
    const frame = this.b.frame[k];
    if (frame & FRAME_CONTENT) return;
    const st = items.start[k];
    const en = items.end[k];
    const s = text.sentenceOf[st];
    const flags = text.flags;
    // "Bueno, ...", "eh bueno nada te cuento": an opener, not a verdict.
    if (e.flags & FLAG_INTERJECTION && afterOpeners(text, st) && pausesAfter(text, en)) return;
    // "Se cuelga todo el tiempo, pero bueno": resignation after a turn, not praise.
    if (e.flags & FLAG_INTERJECTION && k > 0 && items.end[k - 1] === st) {
      if (
        items.entries[k - 1].kind === KIND_CONTRAST &&
        (en >= text.count || pausesAfter(text, en))
      )
        return;
    }

    let v = e.value;
    let emotion = e.emotion;
    if (e.kind === KIND_DIRECTION) {
      const subject = this.findSubject(text, items, k);
      v = subject === NO_SUBJECT ? e.fallback : e.value * subject;
      if (v > 0) emotion = v >= 1.8 ? EUFORIA : CONFIANZA;
      else emotion = subject === -1 ? MIEDO : FRUSTRACION;
    }
    if (v === 0) return;

    let mult = items.boost[k] * this.b.amp[k] * this.b.weight[k];
    if (flags[st] & TOKEN_ELONGATED) mult *= 1.2;
    if (flags[st] & TOKEN_UPPER && !text.shouting) mult *= 1.3;

    let negated = false;
    let emphatic = false;
    let negator = '';
    for (let j = k - 1; j >= 0; j--) {
      const gap = st - items.end[j];
      if (gap > NEGATION_REACH || crossesClause(text, items.end[j], st)) break;
      // "Nunca llegó y estoy desesperado": a new coordinated clause is outside the negation.
      if (joinsClause(text, items.end[j], st)) break;
      const reach = SHORT_NEGATORS.has(items.entries[j].term) ? 1 : NEGATION_REACH;
      if (gap > reach && items.entries[j].kind === KIND_NEGATOR) break;
      const ej = items.entries[j];
      if (ej.kind === KIND_INTENSIFIER) {
        if (ej.flags & FLAG_EMPHATIC) emphatic = true;
        if (ej.flags & FLAG_BEFORE && gap <= 1) mult *= ej.value;
        continue;
      }
      if (ej.kind === KIND_NEGATOR) {
        negated = !this.asksAgreement(text, items, j);
        negator = ej.term;
        break;
      }
      // "Ni en pedo les recomiendo": a refusal negates the praise it governs.
      if (gap <= 2 && REFUSALS.has(ej.term)) {
        negated = true;
        break;
      }
      // Subjects and a relative "que" do not end a negation ("nada que reprocharle").
      if (ej.kind !== KIND_SUBJECT && ej.kind !== KIND_INTERROGATIVE) break;
    }
    if (k + 1 < items.count) {
      const next = items.entries[k + 1];
      const gap = items.start[k + 1] - en;
      if (next.kind === KIND_INTENSIFIER && next.flags & FLAG_AFTER && gap <= 1) {
        if (!crossesClause(text, en, items.start[k + 1])) mult *= next.value;
      }
    }
    if (negated && !(e.flags & FLAG_FIXED)) {
      if (emphatic && EMPHATIC_NEGATORS.has(negator)) mult *= 1.3;
      else {
        // "No está tan mal": the "tan" softened rather than strengthened.
        if (emphatic) mult *= 0.55;
        // A negated feeling is weaker than its opposite: "no está mal" is merely fine.
        v *= v < 0 ? -0.6 : -0.75;
        emotion = v > 0 ? CONFIANZA : FRUSTRACION;
      }
    }
    const q = this.b.question[s];
    const topical = (e.flags & FLAG_TOPICAL) !== 0;
    if (frame & FRAME_MENTIONED) mult *= QUESTION_TOPICAL;
    else if (frame & FRAME_ASKED) mult *= topical ? REQUEST_TOPICAL : QUESTION_AFFECT;
    else if (q === QUESTION) mult *= topical ? QUESTION_TOPICAL : QUESTION_AFFECT;
    else if (q === LOOSE_QUESTION && topical) mult *= QUESTION_TOPICAL;
    if (frame & FRAME_SUPPOSED) mult *= topical ? QUESTION_TOPICAL : HYPOTHETICAL;
    if (frame & FRAME_HEARSAY) mult *= HEARSAY;
    this.b.contrib[k] = v * mult;
    this.b.emotionOf[k] = emotion;
  }

  /** A "no" opening a question before a copula ("¿No es una locura...?") asks for agreement. */
  private asksAgreement(text: NormalizedText, items: MatchedItems, j: number): boolean {
    const st = items.start[j];
    const s = text.sentenceOf[st];
    const next = items.end[j];
    return (
      this.b.question[s] === QUESTION &&
      st === text.sentenceFirstToken[s] &&
      items.entries[j].term === 'no' &&
      next < text.count &&
      AGREEMENT_VERBS.has(text.tokens[next])
    );
  }

  /** Nearest subject in the same clause: behind the verb first, then ahead of it. */
  private findSubject(text: NormalizedText, items: MatchedItems, k: number): number {
    const st = items.start[k];
    const en = items.end[k];
    const s = text.sentenceOf[st];
    const first = text.sentenceFirstToken[s];
    let back = -1;
    for (let t = st - 1; t >= first && t >= st - 5; t--) {
      if (text.flags[t + 1] & TOKEN_CLAUSE_START) break;
      if (items.subjectAt[t] !== NO_SUBJECT) {
        back = t;
        break;
      }
    }
    let ahead = -1;
    for (let t = en; t < text.count && t < en + 4 && text.sentenceOf[t] === s; t++) {
      if (text.flags[t] & TOKEN_CLAUSE_START) break;
      if (items.subjectAt[t] !== NO_SUBJECT) {
        ahead = t;
        break;
      }
    }
    let pick = back;
    if (ahead >= 0 && (back < 0 || ahead - en + 1 < st - back)) pick = ahead;
    // A subject that cuts both ways ("la tasa") yields to a signed one on the other side.
    const other = pick === back ? ahead : back;
    if (pick >= 0 && other >= 0 && items.subjectAt[pick] === 0) pick = other;
    if (pick < 0) return NO_SUBJECT;
    this.b.subjectToken[k] = pick;
    return items.subjectAt[pick];
  }
}

/** Whether a clause-joining "y" stands between tokens `from` and `to` (exclusive). */
function joinsClause(text: NormalizedText, from: number, to: number): boolean {
  for (let t = from; t < to; t++) if (text.tokens[t] === 'y') return true;
  return false;
}

function isPlainScored(items: MatchedItems, k: number): boolean {
  const e = items.entries[k];
  return (e.kind === KIND_POLAR || e.kind === KIND_DIRECTION) && !(e.flags & FLAG_AMPLIFIER);
}
