import { searchTerms } from './knowledge-base';
import type { KnowledgeHit, KnowledgePassage } from './knowledge.types';

/** How far below the best hit a second passage may score and still be worth a sentence. */
const SHARE_OF_BEST = 0.5;
const SHARE_OF_BEST_COMPARISON = 0.35;
/** A comparison passage names its two sides; at least this share of its title must be asked. */
const COMPARISON_TITLE_COVERAGE = 0.6;
/** Everyday words that say nothing about what a passage is about. */
const WEAK_TERMS = new Set(
  'comprar compre compro compra vender vendo venta invertir invierto inversion inversor plata dinero precio valor tener hacer gana ganar perder cuanto rinde rendir hoy'.split(
    ' ',
  ),
);

interface PassageTerms {
  /** What the passage is about: its title and tags. */
  about: Set<string>;
  title: string[];
  /** Everything it mentions. */
  all: Set<string>;
}

const termsCache = new WeakMap<KnowledgePassage, PassageTerms>();

function termsOf(passage: KnowledgePassage): PassageTerms {
  let terms = termsCache.get(passage);
  if (!terms) {
    const title = searchTerms(passage.title);
    const about = new Set([...title, ...searchTerms(passage.tags.join(' '))]);
    terms = { about, title, all: new Set([...about, ...searchTerms(passage.text)]) };
    termsCache.set(passage, terms);
  }
  return terms;
}

function has(set: Set<string>, term: string): boolean {
  if (set.has(term)) return true;
  if (term.length < 4) return false;
  for (const t of set) if (t.startsWith(term) || term.startsWith(t)) return true;
  return false;
}

function isComparison(passage: KnowledgePassage): boolean {
  return passage.tags.includes('comparacion');
}

/** A comparison passage fits only when the user named (most of) both of its sides. */
function comparisonFits(passage: KnowledgePassage, asked: readonly string[]): boolean {
  const title = termsOf(passage).title;
  if (title.length === 0) return false;
  const covered = title.filter((t) =>
    asked.some((a) => a === t || (a.length >= 4 && t.startsWith(a))),
  );
  return covered.length / title.length >= COMPARISON_TITLE_COVERAGE;
}

/**
 * The passage that leads the answer. A comparison passage outscores single topics because it
 * mentions two of them; when the user did not name its other side ("LECAP o money market" is
 * not "plazo fijo o money market"), a close single-topic hit that they did name leads instead.
 */
export function primaryHit(
  hits: readonly KnowledgeHit[],
  queryTerms: readonly string[],
): KnowledgeHit {
  const [first] = hits;
  const asked = queryTerms.filter((t) => !WEAK_TERMS.has(t));
  if (!isComparison(first.passage) || comparisonFits(first.passage, asked)) return first;
  const named = hits.find(
    (hit) =>
      !isComparison(hit.passage) &&
      hit.score >= first.score * SHARE_OF_BEST &&
      asked.some((t) => has(termsOf(hit.passage).about, t)),
  );
  return named ?? first;
}

/**
 * A second passage is stitched in only when it is relevant on its own: it scores close enough
 * to the first, it is about something the user asked (in its title or tags, not a passing
 * mention), it adds a term of the question the first passage does not cover, and, unless the
 * user compares, it stays on the first passage's subject. Otherwise a LECAP answer grows a
 * money-market paragraph and a MERVAL answer a note on the official dollar.
 */
export function secondaryPassage(
  hits: readonly KnowledgeHit[],
  primary: KnowledgeHit,
  queryTerms: readonly string[],
  asksComparison: boolean,
): KnowledgePassage | undefined {
  const asked = queryTerms.filter((t) => !WEAK_TERMS.has(t));
  const first = termsOf(primary.passage);
  const subject = asked.filter((t) => has(first.about, t));
  const best = Math.max(...hits.map((h) => h.score));
  const share = asksComparison ? SHARE_OF_BEST_COMPARISON : SHARE_OF_BEST;
  for (const hit of hits) {
    if (hit === primary || hit.score < best * share) continue;
    const terms = termsOf(hit.passage);
    const about = asked.filter((t) => has(terms.about, t));
    if (about.length === 0) continue;
    // In a comparison the other side may be mentioned in passing by the first passage; it still
    // needs its own. Otherwise the second passage must bring something the first never mentions.
    const adds = asksComparison
      ? about.some((t) => !has(first.about, t))
      : asked.some((t) => has(terms.all, t) && !has(first.all, t));
    if (!adds) continue;
    if (isComparison(hit.passage) && !comparisonFits(hit.passage, asked)) continue;
    if (!asksComparison && !subject.every((t) => has(terms.all, t))) continue;
    return hit.passage;
  }
  return undefined;
}
