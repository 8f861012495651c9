import { personalisation } from '../answer-personalisation';
import { GLOSSARY, GLOSSARY_SOURCES, type GlossaryEntry } from '../glossary';
import { GlossaryLookupService } from '../glossary/glossary-lookup';
import type { KnowledgePassage } from '../knowledge.types';
import type { OfflineAnswerer, OfflineQuestion } from '../offline-answerer';
import { opening } from '../offline-tone';
import { offerMore, priceNotice, sourceHint } from './retrieval.answerer';
import { SPANISH_MONTHS as MONTHS } from '../../../common/text/spanish-months';

/** "2026-12-07" -> "7 de diciembre de 2026". */
export function spanishDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} de ${MONTHS[month - 1]} de ${year}`;
}

/** The entry seen as a passage, so profile and ticker notes work the same as for retrieval. */
function asPassage(entry: GlossaryEntry): KnowledgePassage {
  return {
    id: `glosario-${entry.id}`,
    title: entry.term,
    text: entry.text,
    tags: [...entry.aliases],
    reviewed_at: entry.reviewed_at,
    risk_level: entry.risk_level,
    official_source: entry.changes ? GLOSSARY_SOURCES[entry.source] : undefined,
  };
}

/**
 * Answers "¿qué es…?", "¿para qué sirve…?", "¿quién regula…?" and "¿cómo funciona…?" from the
 * glossary, before free retrieval: a definition written for the term beats the passage that
 * happens to mention it most. Comparisons are left to retrieval, whose passages compare.
 */
export class GlossaryAnswerer implements OfflineAnswerer {
  readonly name = 'glossary';

  constructor(private readonly glossary = new GlossaryLookupService(GLOSSARY)) {}

  answer(q: OfflineQuestion): string | null {
    const found = this.glossary.lookup(q.text);
    if (!found) return null;
    if (q.asksComparison) {
      const distinct = new Set(this.glossary.termsIn(q.text).map((m) => m.entry.id));
      if (distinct.size >= 2) return null;
    }
    const [main] = found.entries;
    const paragraphs = [opening(q, true)];
    if (q.asksPrice) paragraphs.push(priceNotice(q, true));
    const explanation: string[] = [];
    if (found.ask === 'regulator') {
      explanation.push(
        main.regulator
          ? `Regulación y supervisión: ${main.regulator}.`
          : 'No tengo registrado un regulador específico para esto; te cuento de qué se trata.',
      );
    }
    explanation.push(...found.entries.map((entry) => entry.text));
    paragraphs.push(explanation.join(' '));
    const personal = personalisation(asPassage(main), q);
    if (personal !== '') paragraphs.push(personal);
    const closing = this.closing(found.entries, q);
    if (closing !== '') paragraphs.push(closing);
    return paragraphs.join('\n\n');
  }

  private closing(entries: readonly GlossaryEntry[], q: OfflineQuestion): string {
    // The reply's `disclaimer` field carries the notice: it is not repeated in the text.
    const parts: string[] = [];
    const sources = [...new Set(entries.map((e) => e.source))];
    const reviewed = entries.map((e) => e.reviewed_at).sort()[0];
    parts.push(`Fuente: ${sources.join(' y ')}; explicación revisada el ${spanishDate(reviewed)}.`);
    const changing = [
      ...new Set(entries.filter((e) => e.changes).map((e) => GLOSSARY_SOURCES[e.source])),
    ];
    if (changing.length > 0) parts.push(sourceHint(changing));
    const titles = new Set(entries.map((e) => e.term));
    const next = q.hits.find((hit) => !titles.has(hit.passage.title));
    if (next) parts.push(offerMore(next.passage, q));
    return parts.join(' ');
  }
}
