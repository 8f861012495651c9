/**
 * Shapes of the hand-written lexicon. Terms are written as people type them (accents optional):
 * they are normalised with the same tokenizer as the messages when the lexicon is compiled.
 * A trailing "*" makes a word a stem ("preocup*" matches "preocupadísimo"); a term with spaces
 * is a phrase, matched before single words, and each of its words may be a stem.
 */

export const EMOTIONS = [
  'miedo',
  'frustracion',
  'euforia',
  'confianza',
  'enojo',
  'incertidumbre',
] as const;

export type EmotionName = (typeof EMOTIONS)[number];

/** Terms whose polarity (-3..3) holds on their own. */
export interface PolarGroup {
  readonly kind: 'polar';
  readonly emotion?: EmotionName;
  /** Describes money or markets rather than feelings: nearly silent inside a plain question. */
  readonly topical?: boolean;
  /** Praise that turns into irony when the rest of the message only complains. */
  readonly ironic?: boolean;
  /** Already carries its own negation or is idiomatic: an earlier "no" must not flip it. */
  readonly fixed?: boolean;
  /** A rhetorical question ("¿hasta cuándo?"): its sentence complains rather than asks. */
  readonly rhetorical?: boolean;
  /** Right next to another sentiment term it only amplifies it ("un cagazo bárbaro"). */
  readonly amplifier?: boolean;
  /** A discourse marker when it opens a sentence followed by a pause ("Bueno, ..."). */
  readonly interjection?: boolean;
  /** Laughter ("jaja", "😂"): it only leans positive when nothing else carries a stance. */
  readonly laughter?: boolean;
  /** Signals irony ("🙃", "🤡"): praise before it in its sentence is read as a complaint. */
  readonly ironyMarker?: boolean;
  /** Applause ("👏"): praise in a happy message, irony after a complaint. */
  readonly applause?: boolean;
  readonly terms: Readonly<Record<string, number>>;
}

/**
 * Movements of a quantity. Their sign comes from the nearest subject: up is good for assets and
 * bad for ills (inflation, the gap, the blue dollar). `fallback` applies when no subject is near.
 */
export interface DirectionGroup {
  readonly kind: 'direction';
  /** Term -> [strength signed up (+) / down (-), polarity when no subject is found]. */
  readonly terms: Readonly<Record<string, readonly [number, number]>>;
}

/** What a movement refers to: 1 = more is good (assets), -1 = more is bad, 0 = depends. */
export interface SubjectGroup {
  readonly kind: 'subject';
  readonly sign: 1 | -1 | 0;
  readonly terms: readonly string[];
}

/** Multipliers for the nearest sentiment term. */
export interface ModifierGroup {
  readonly kind: 'intensifier';
  /** Where the modifier may stand relative to the term it modifies. */
  readonly position: 'before' | 'after' | 'both';
  /** "tanto": after "nunca" it emphasises instead of negating ("nunca tuve tanto miedo"). */
  readonly emphatic?: boolean;
  readonly terms: Readonly<Record<string, number>>;
}

/**
 * Grammatical words: their role is the whole information. Beyond the obvious ones:
 * - `request` asks for information ("explicame", "quiero saber"): the rest of its sentence is
 *   asked about, as in a question;
 * - `topic` names what is talked about ("sobre", "acerca de") until the clause ends;
 * - `definition` asks what something means ("qué significa"): what follows is only mentioned;
 * - `hearsay` reports someone else's view ("dicen que") until the clause ends;
 * - `complement` introduces the event a feeling is about ("me arrepiento de haber vendido"):
 *   that event takes the feeling's sign instead of adding its own;
 * - `personal` words show the writer speaks of their own money ("mi", "tengo", "compré"); they
 *   score nothing but tell a first-hand account from a market report;
 * - `ironic` marks praise listed elsewhere as said sarcastically as often as sincerely ("qué
 *   suerte", "un 10"): it reads as irony when the rest of the message only complains.
 */
export interface WordGroup {
  readonly kind:
    | 'negator'
    | 'contrast'
    | 'concession'
    | 'condition'
    | 'connective'
    | 'interrogative'
    | 'request'
    | 'topic'
    | 'definition'
    | 'hearsay'
    | 'complement'
    | 'personal'
    | 'ironic'
    | 'neutral';
  readonly terms: readonly string[];
}

export type LexiconGroup = PolarGroup | DirectionGroup | SubjectGroup | ModifierGroup | WordGroup;
