import { searchTerms } from './knowledge-base';
import type { KnowledgePassage } from './knowledge.types';

// Text helpers for the offline composer, kept apart so the composer reads as answer logic only.

/** FNV-1a: a stable seed so phrasing varies between questions but never between runs. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function pick<T>(options: readonly T[], seed: number, salt: number): T {
  return options[(seed + salt * 7919) % options.length];
}

export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[¿¡"A-ZÁÉÍÓÚÑ0-9])/u);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Lower-cases the first letter after a connector, but never inside an acronym ("MEP", "AL30"). */
export function lowerFirst(sentence: string): string {
  const second = sentence.charAt(1);
  return second !== '' && second === second.toLowerCase() && /\p{L}/u.test(second)
    ? sentence.charAt(0).toLowerCase() + sentence.slice(1)
    : sentence;
}

export function withConnector(connector: string, sentence: string): string {
  return connector === '' ? sentence : connector + lowerFirst(sentence);
}

export function listEs(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} y ${items[items.length - 1]}`;
}

export function overlap(sentence: string, queryTerms: readonly string[]): number {
  const terms = searchTerms(sentence);
  return queryTerms.filter((q) => terms.some((t) => t === q || (q.length >= 4 && t.startsWith(q))))
    .length;
}

/**
 * Picks the sentences that answer the question, in their original order. The opening sentence of
 * a passage is its definition, so the primary passage always keeps it; early sentences win ties.
 */
export function selectSentences(
  passage: KnowledgePassage,
  terms: readonly string[],
  opts: { keepFirst: boolean; maxSentences: number; maxWords: number },
): string[] {
  const sentences = splitSentences(passage.text);
  const ranked = sentences
    .map((text, index) => ({ index, words: wordCount(text), score: overlap(text, terms) }))
    .map((s) => ({ ...s, score: s.score + (s.index < 3 ? (3 - s.index) * 0.1 : 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: number[] = opts.keepFirst ? [0] : [];
  let words = opts.keepFirst ? wordCount(sentences[0]) : 0;
  for (const candidate of ranked) {
    if (chosen.length >= opts.maxSentences) break;
    if (chosen.includes(candidate.index) || words + candidate.words > opts.maxWords) continue;
    chosen.push(candidate.index);
    words += candidate.words;
  }
  return chosen.sort((a, b) => a - b).map((index) => sentences[index]);
}

/** Splits an answer into stream chunks of a few words; joining the chunks restores the text. */
export function splitIntoChunks(text: string, wordsPerChunk = 3): string[] {
  const tokens = text.match(/\s+|\S+/g) ?? [];
  const chunks: string[] = [];
  let current = '';
  let words = 0;
  for (const token of tokens) {
    current += token;
    if (/\S/.test(token)) words++;
    if (words >= Math.max(1, wordsPerChunk) && !/\S/.test(token)) {
      chunks.push(current);
      current = '';
      words = 0;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
