import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { KNOWLEDGE_CORPUS } from './corpus';
import type { KnowledgeHit, KnowledgePassage } from './knowledge.types';

/**
 * Function words and conversational filler. Removing them keeps "¿Qué es el ...?" from matching
 * every passage that happens to contain "que" or "es", which would defeat the score threshold.
 */
const STOP_WORDS = new Set(
  (
    'a al algo algun alguna ante aca asi como con contra cual cuales cuando da de del desde donde ' +
    'e el ella ellas ellos en entre era es esa ese eso esta estan este esto estoy fue ha hay hoy ' +
    'la las le les lo los me mi mis muy mucho mucha ni no nos o os otra otro para pero poco por ' +
    'porque pues que quien se sea ser si sin sobre son su sus te ti tu tus un una uno unos unas ' +
    'vos y ya yo bueno hola gracias che explicame explicar explica decime contame saber sabes ' +
    'quiero queria podes puedo puede conviene mejor funciona significa sirve tambien mas entonces ' +
    'bien cosa cosas tengo tenes hace pasa pasando buenas buenos dias tardes noches'
  ).split(' '),
);

/** Words whose final "s" belongs to the singular, so the plural stripper must leave them alone. */
const SINGULAR_S = new Set(['interes', 'pais', 'mes', 'tesis', 'crisis', 'analisis', 'dosis']);

/** Lower-cases and strips diacritics ("Dólar" -> "dolar") so accents never decide a match. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * Light plural stemming: enough to make "acciones" meet "acción" or "dólares" meet "dólar"
 * without a full Spanish stemmer, whose over-stemming would blur tickers and acronyms.
 */
export function stemSpanish(word: string): string {
  if (word.length <= 3 || /\d/.test(word) || SINGULAR_S.has(word)) return word;
  if (word.endsWith('iones')) return word.slice(0, -2);
  if (word.endsWith('ces') && word.length > 4) return `${word.slice(0, -3)}z`;
  if (/[lrns]es$/.test(word) && word.length > 4) return word.slice(0, -2);
  if (/[aeiou]s$/.test(word) && word.length > 4) return word.slice(0, -1);
  if (/[^aeious]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Splits text into raw tokens, keeping settlement terms such as "T+1" as a single token. */
export function tokenizeSpanish(text: string): string[] {
  return text
    .replace(/\b([tT])\s?\+\s?(\d)\b/g, 't$2')
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((token) => token.length > 0);
}

/** Index/query term: folded, stop words and one-letter noise removed, plurals reduced. */
export function normalizeTerm(term: string): string | null {
  const folded = foldText(term);
  if (folded.length < 2 || STOP_WORDS.has(folded)) return null;
  const stem = stemSpanish(folded);
  return STOP_WORDS.has(stem) ? null : stem;
}

/** The distinct search terms of a text, as the index sees them. */
export function searchTerms(text: string): string[] {
  const terms = tokenizeSpanish(text)
    .map(normalizeTerm)
    .filter((term): term is string => term !== null);
  return [...new Set(terms)];
}

interface IndexedPassage {
  id: string;
  title: string;
  text: string;
  tags: string;
}

/**
 * Below this BM25 score a hit is typically one fuzzy or prefix match on a common word; answering
 * from it would sound confident about a passage the user never asked for.
 */
const MIN_SCORE = 6;
/** Hits far below the best one are usually collateral matches on a shared word. */
const MIN_SHARE_OF_BEST = 0.4;
/** Weight of generic terms: enough to break ties between passages on the same topic. */
const GENERIC_WEIGHT = 0.2;

/**
 * Everyday verbs and nouns that appear in many passages. They cannot make a passage relevant on
 * their own ("quiero comprar un auto"), and MiniSearch rewards documents matching more query
 * terms, so they would otherwise let "compro bitcoin" prefer the passage that says "compra".
 */
const GENERIC_TERMS = new Set(
  (
    'comprar compre compro compra vender vendo venta invertir invierto inversion inversor plata ' +
    'dinero precio valor tener hacer gana ganar perder cuanto'
  ).split(' '),
);

const COMPARISON_CUE =
  /\b(o|vs|versus|diferencia|diferencias|comparar|comparacion|conviene|mejor)\b/;
const DEFINITION_CUE = /\b(que es|que son|que significa|que seria)\b/;

const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, tags: 2, text: 1 },
  combineWith: 'OR',
  // Prefix matching on short terms would make "auto" match "autorizado" or "on" half the corpus.
  prefix: (term) => term.length >= 5,
  // Tickers and numbers must match exactly ("GD30" is not a typo of "GD35"). Short words get no
  // fuzziness and mid-length words one edit, or "pasa" would match "tasa" and "receta" "renta".
  fuzzy: (term) => {
    if (/\d/.test(term) || term.length < 5) return false;
    return term.length >= 8 ? 2 : 1;
  },
  weights: { fuzzy: 0.4, prefix: 0.6 },
};

/**
 * Comparison passages ("MEP o CCL") mention both sides, so they outscore the single-topic passage
 * even when the user only asked what one thing is; this nudges each kind towards its question.
 */
function intentFactor(foldedQuery: string, passage: KnowledgePassage): number {
  const isComparison = passage.tags.includes('comparacion');
  const asksComparison = COMPARISON_CUE.test(foldedQuery);
  let factor = 1;
  if (isComparison) factor *= asksComparison ? 1.3 : 0.6;
  if (DEFINITION_CUE.test(foldedQuery) && foldText(passage.title).includes('que es'))
    factor *= 1.25;
  return factor;
}

/** In-memory, read-only index over the curated corpus; built once because the corpus is static. */
@Injectable()
export class KnowledgeBase {
  private readonly byId = new Map<string, KnowledgePassage>();
  private readonly index: MiniSearch<IndexedPassage>;

  constructor() {
    this.index = new MiniSearch<IndexedPassage>({
      fields: ['title', 'text', 'tags'],
      tokenize: tokenizeSpanish,
      processTerm: normalizeTerm,
      searchOptions: SEARCH_OPTIONS,
    });
    for (const passage of KNOWLEDGE_CORPUS) {
      if (this.byId.has(passage.id))
        throw new Error(`Duplicate knowledge passage id: ${passage.id}`);
      this.byId.set(passage.id, passage);
    }
    this.index.addAll(
      KNOWLEDGE_CORPUS.map((p) => ({
        id: p.id,
        title: p.title,
        text: p.text,
        tags: p.tags.join(' '),
      })),
    );
  }

  /** Best passages for a user question, most relevant first; empty when nothing is relevant. */
  /**
   * Popular questions repeat ("¿qué es un CEDEAR?", "¿MEP o CCL?"): results are kept per query,
   * since a fuzzy search costs a millisecond or two and the corpus never changes at run time.
   */
  private readonly recent = new LRUCache<string, KnowledgeHit[]>({ max: 2000 });

  search(query: string, limit = 3): KnowledgeHit[] {
    const key = `${limit}:${query}`;
    const known = this.recent.get(key);
    if (known) return known;
    const hits = this.searchUncached(query, limit);
    this.recent.set(key, hits);
    return hits;
  }

  private searchUncached(query: string, limit: number): KnowledgeHit[] {
    const terms = searchTerms(query);
    const topical = terms.filter((term) => !GENERIC_TERMS.has(term));
    if (limit <= 0 || topical.length === 0) return [];
    const scores = new Map<string, number>();
    for (const result of this.index.search(topical.join(' '))) {
      scores.set(String(result.id), result.score);
    }
    const generic = terms.filter((term) => GENERIC_TERMS.has(term));
    if (generic.length > 0) {
      for (const result of this.index.search(generic.join(' '))) {
        const id = String(result.id);
        const base = scores.get(id);
        if (base !== undefined) scores.set(id, base + result.score * GENERIC_WEIGHT);
      }
    }
    const foldedQuery = foldText(query);
    const ranked: KnowledgeHit[] = [];
    for (const [id, score] of scores) {
      const passage = this.byId.get(id);
      if (passage) ranked.push({ passage, score: score * intentFactor(foldedQuery, passage) });
    }
    // Stable sort over MiniSearch's own order keeps ties deterministic.
    ranked.sort((a, b) => b.score - a.score);
    const best = ranked[0]?.score ?? 0;
    if (best < MIN_SCORE) return [];
    return ranked
      .filter((hit) => hit.score >= best * MIN_SHARE_OF_BEST)
      .slice(0, limit)
      .map((hit) => ({ passage: hit.passage, score: Math.round(hit.score * 1000) / 1000 }));
  }

  /** Drops the cached results, whose keys are users' questions (a user erased their data). */
  forgetCachedSearches(): void {
    this.recent.clear();
  }

  /** How many results are cached (tests of erasure). */
  get cachedSearches(): number {
    return this.recent.size;
  }

  get(id: string): KnowledgePassage | undefined {
    return this.byId.get(id);
  }

  /** Every passage, in corpus order. */
  all(): readonly KnowledgePassage[] {
    return KNOWLEDGE_CORPUS;
  }
}
