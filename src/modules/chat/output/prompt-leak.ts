import type { SentimentLabel } from '../../sentiment/sentiment.types';
import { SYSTEM_PROMPT, toneInstruction } from '../prompt/system-prompt';
import { LeakNormalizer } from './leak-normalizer';

/**
 * A quote of this many consecutive words of the standing instructions is a leak. Eight words
 * are specific to the prompt (finance answers do not reproduce eight of its words in a row by
 * chance: see the corpus test) and stop a leak within its first line.
 */
const SHINGLE_WORDS = 8;
/** The same for text whose words were spaced out or glued together: letters in a row. */
const SHINGLE_LETTERS = 48;
const TONE_LABELS: SentimentLabel[] = ['negative', 'positive', 'neutral'];

/**
 * What a quote would reveal: the instructions (the opening, the rules) and the tone lines that
 * travel in the same system message. The list of topics it knows ("- Mercado argentino: …") is
 * left out: answers legitimately enumerate the same instruments and institutions.
 */
const PROTECTED = [
  ...SYSTEM_PROMPT.split('\n').filter((line) => !/^\s*-\s|^Conocés en profundidad/.test(line)),
  ...TONE_LABELS.map(toneInstruction),
];
/** Phrases the rules tell the model to say: an answer that obeys them is no leak. */
const ECHOES = [
  'no tenés cotizaciones en tiempo real',
  'consultarlas en el broker o en fuentes oficiales (BCRA, INDEC, CNV)',
];

const normalised = (texts: string[]) => {
  const n = new LeakNormalizer();
  for (const text of texts) n.push(`${text}\n`);
  return n;
};
const prompt = normalised(PROTECTED);
const echoes = ECHOES.map((e) => normalised([e]));
const WORD_SHINGLES = new Set<string>();
for (let i = 0; i + SHINGLE_WORDS <= prompt.words.length; i++) {
  const shingle = prompt.words.slice(i, i + SHINGLE_WORDS).join(' ');
  if (!echoes.some((e) => e.words.join(' ').includes(shingle))) WORD_SHINGLES.add(shingle);
}
const LETTER_SHINGLES = new Set<string>();
for (let i = 0; i + SHINGLE_LETTERS <= prompt.letters.length; i++) {
  const shingle = prompt.letters.slice(i, i + SHINGLE_LETTERS);
  if (!echoes.some((e) => e.letters.includes(shingle))) LETTER_SHINGLES.add(shingle);
}

/**
 * Watches an answer as it streams for a quote of the system prompt. Matching runs on normalised
 * word shingles and letter shingles, so dashes, zero-width characters, other spaces, accents,
 * case, fullwidth forms, lookalike letters or spaced-out letters change nothing. Each character
 * is normalised once and each shingle checked once, however the answer is split.
 */
export class PromptLeakDetector {
  private readonly text = new LeakNormalizer();
  private nextWord = 0;
  private nextLetter = 0;

  /** Feeds the next piece; returns where the quote starts in the whole text so far, or -1. */
  push(piece: string): number {
    const t = this.text;
    t.push(piece);
    const words = t.partial === '' ? t.words : [...t.words, t.partial];
    const starts = t.partial === '' ? t.wordStarts : [...t.wordStarts, t.partialStart];
    for (let i = this.nextWord; i + SHINGLE_WORDS <= words.length; i++) {
      if (WORD_SHINGLES.has(words.slice(i, i + SHINGLE_WORDS).join(' '))) return starts[i];
    }
    // The shingle that ends in the unfinished word is checked again once the word is complete.
    this.nextWord = Math.max(this.nextWord, t.words.length - SHINGLE_WORDS + 1);
    for (let i = this.nextLetter; i + SHINGLE_LETTERS <= t.letters.length; i++) {
      if (LETTER_SHINGLES.has(t.letters.slice(i, i + SHINGLE_LETTERS))) return t.letterAt[i];
      this.nextLetter = i + 1;
    }
    return -1;
  }
}

/** Where `text` starts quoting the system prompt, or -1. */
export function promptLeakAt(text: string): number {
  return new PromptLeakDetector().push(text);
}

export const LEAK_REFUSAL =
  'No puedo compartir mis instrucciones internas. ¿En qué te puedo ayudar con tus finanzas?';
