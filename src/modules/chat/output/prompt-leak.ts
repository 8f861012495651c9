import { SYSTEM_PROMPT } from '../prompt/system-prompt';

const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ');

/** Distinctive lines of the standing instructions; quoting any of them is a leak. */
const LINES = SYSTEM_PROMPT.split('\n')
  .map((l) => fold(l.replace(/^\s*(\d+\.|-)\s*/, '').trim()))
  .filter((l) => l.length >= 40);

/** Where the text starts quoting the system prompt, or -1. */
export function promptLeakAt(text: string): number {
  const folded = fold(text);
  let at = -1;
  for (const line of LINES) {
    const i = folded.indexOf(line);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return -1;
  // Map the position in the folded text back to the original (whitespace runs were collapsed).
  let f = 0;
  for (let o = 0; o < text.length; o++) {
    if (f >= at) return o;
    if (!(/\s/.test(text[o]) && o > 0 && /\s/.test(text[o - 1]))) f++;
  }
  return text.length;
}

export const LEAK_REFUSAL =
  'No puedo compartir mis instrucciones internas. ¿En qué te puedo ayudar con tus finanzas?';
