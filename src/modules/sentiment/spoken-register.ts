/**
 * Spoken register: voice-note transcripts and chat written as spoken ("bueno nada te cuento
 * que...", "escuchame cuánto me cobran si..."), with few commas to show where a sentence
 * really starts.
 */
import { TOKEN_CLAUSE_START, type NormalizedText } from './normalized-text';

/** Words that only open a turn: greetings, fillers and calls for attention. */
const OPENERS: ReadonlySet<string> = new Set([
  'eh',
  'ah',
  'ay',
  'hola',
  'che',
  'mira',
  'escuchame',
  'escucha',
  'bueno',
  'buenas',
  'si',
  'y',
  'nada',
  'una',
  'pregunta',
  'consulta',
  'te',
  'consulto',
  'pregunto',
]);

/** Words after "bueno" that show it is a filler, not a verdict ("bueno nada", "bueno mirá"). */
const FILLER_FOLLOWERS: ReadonlySet<string> = new Set([
  'nada',
  'mira',
  'escuchame',
  'escucha',
  'che',
  'te',
  'gente',
  'chicos',
  'chicas',
  'amigo',
  'amiga',
  'nena',
  'eh',
  'ya',
]);

/** Whether only openers stand between the start of its sentence and token `at`. */
export function afterOpeners(text: NormalizedText, at: number): boolean {
  const first = text.sentenceFirstToken[text.sentenceOf[at]];
  for (let t = first; t < at; t++) if (!OPENERS.has(text.tokens[t])) return false;
  return true;
}

/** Whether the word ending before token `at` is followed by a pause or a filler. */
export function pausesAfter(text: NormalizedText, at: number): boolean {
  if (at >= text.count) return false;
  return (text.flags[at] & TOKEN_CLAUSE_START) !== 0 || FILLER_FOLLOWERS.has(text.tokens[at]);
}
