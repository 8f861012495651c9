/**
 * Compiled lexicon entries: what a matched term is and how it behaves. Kinds and flags are
 * small integers so the hot loops compare numbers, not strings.
 */

/** Role of a term; see the group kinds in `lexicon/lexicon.types.ts`. */
export const KIND_NEUTRAL = 0;
export const KIND_POLAR = 1;
export const KIND_DIRECTION = 2;
export const KIND_SUBJECT = 3;
export const KIND_NEGATOR = 4;
export const KIND_INTENSIFIER = 5;
export const KIND_CONTRAST = 6;
export const KIND_CONCESSION = 7;
export const KIND_INTERROGATIVE = 8;
export const KIND_CONDITION = 9;
export const KIND_CONNECTIVE = 10;
/** Asks for information ("explicame", "quiero saber"): what follows in its sentence is asked. */
export const KIND_REQUEST = 11;
/** Names a topic ("sobre", "acerca de"): what follows in its clause is talked about, not felt. */
export const KIND_TOPIC = 12;
/** Hearsay ("dicen que", "leí que"): what follows in its clause is someone else's view. */
export const KIND_HEARSAY = 13;
/** A perfect infinitive ("de haber", "por haber"): the event a feeling is about. */
export const KIND_COMPLEMENT = 14;

/** About money or markets rather than feelings: nearly silent inside a plain question. */
export const FLAG_TOPICAL = 1;
/** Praise that turns into irony when the rest of the message only complains. */
export const FLAG_IRONIC = 2;
/** Never flipped by a preceding negation. */
export const FLAG_FIXED = 4;
/** Makes its sentence a complaint rather than a question. */
export const FLAG_RHETORICAL = 8;
/** Next to another sentiment term it only scales that term. */
export const FLAG_AMPLIFIER = 16;
/** Neutral when it opens a sentence followed by a pause ("Bueno, ..."). */
export const FLAG_INTERJECTION = 32;
/** Emphasises instead of softening after "nunca" ("nunca tuve tanto miedo"). */
export const FLAG_EMPHATIC = 64;
/** Intensifier that may precede its term. */
export const FLAG_BEFORE = 128;
/** Intensifier that may follow its term. */
export const FLAG_AFTER = 256;
/** Interrogative asking what something means ("qué significa"): the rest is only mentioned. */
export const FLAG_MENTION = 512;
/** Laughter: counts only when nothing else in the message carries a stance. */
export const FLAG_LAUGHTER = 1024;
/** Neutral word that shows the writer speaks of themselves ("mi", "tengo", "compré"). */
export const FLAG_PERSONAL = 2048;
/** Signals irony ("🙃", "🤡"): earlier praise in its sentence turns into a complaint. */
export const FLAG_IRONY_MARKER = 4096;
/** Applause ("👏"): sincere in a happy message, ironic after a complaint. */
export const FLAG_APPLAUSE = 8192;

/** Phrase part standing for any count: digits or a number word ("hace # días que"). */
export const COUNT_PART = '#';

/** `subject` value of entries that are not subjects. */
export const NO_SUBJECT = 9;

/** One compiled term (word, stem or phrase). */
export interface LexEntry {
  /** The normalised term, as written in the lexicon. */
  readonly term: string;
  kind: number;
  /** Polarity, signed direction strength, or multiplier, depending on the kind. */
  value: number;
  /** Polarity of a direction when no subject is found. */
  fallback: number;
  /** Index into EMOTIONS, or -1. */
  emotion: number;
  flags: number;
  /** 1 when more is good, -1 when more is bad, 0 when it depends, NO_SUBJECT otherwise. */
  subject: number;
}

/** A multi-word term: its words in order, each exact or a stem. */
export interface LexPhrase {
  readonly parts: readonly string[];
  /** Bit i set: part i is a stem. */
  readonly stemMask: number;
  readonly entry: LexEntry;
}

/** Whether the entry carries polarity of its own (directly or as a movement). */
export function isScored(entry: LexEntry): boolean {
  return entry.kind === KIND_POLAR || entry.kind === KIND_DIRECTION;
}
