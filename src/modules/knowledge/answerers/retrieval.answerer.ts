import { listEs, pick, selectSentences, withConnector } from '../answer-text';
import { personalisation } from '../answer-personalisation';
import type { KnowledgeHit, KnowledgePassage } from '../knowledge.types';
import type { OfflineAnswerer, OfflineQuestion } from '../offline-answerer';
import { opening } from '../offline-tone';
import { primaryHit, secondaryPassage } from '../passage-relevance';

export const FALLBACK_TOPICS =
  'qué es un CEDEAR, las diferencias entre el dólar MEP y el CCL, el riesgo país, plazo fijo o ' +
  'FCI money market, bonos como el AL30 y el GD30, LECAPs, la inflación del INDEC o qué hacer ' +
  'cuando una inversión cae';

/** Says plainly that there are no live quotes, so a figure is never made up. */
export function priceNotice(q: OfflineQuestion, hasConcept: boolean): string {
  const what = q.tickers.length > 0 ? `cómo cotiza ${listEs(q.tickers)} hoy` : 'ese valor hoy';
  const concept = hasConcept ? ' Lo que sí puedo es explicarte el concepto.' : '';
  return (
    `No tengo cotizaciones en tiempo real, así que no puedo decirte ${what}. Para el dato del ` +
    `momento, consultá tu ALyC, BYMA o la fuente oficial (el BCRA, en el caso del dólar oficial).${concept}`
  );
}

/** Points to where facts that change over time are to be confirmed. */
export function sourceHint(sources: readonly string[]): string {
  return `Como algunos de estos datos cambian con el tiempo, conviene confirmar la información vigente en ${sources.join(' o en ')}.`;
}

/**
 * The last answerer: writes the answer from retrieved passages, or says honestly that it has
 * nothing reliable. It only restates curated facts, so it can never contradict the knowledge
 * base the LLM path is grounded on.
 */
export class RetrievalAnswerer implements OfflineAnswerer {
  readonly name = 'retrieval';

  answer(q: OfflineQuestion): string {
    const paragraphs: string[] = [opening(q, q.hits.length > 0)];
    if (q.asksPrice) paragraphs.push(priceNotice(q, q.hits.length > 0));
    if (q.hits.length === 0) {
      paragraphs.push(
        'No encontré información confiable sobre eso en mi base de conocimiento y prefiero no ' +
          `inventar datos. Lo que sí puedo explicarte son temas como ${FALLBACK_TOPICS}. ` +
          '¿Me contás un poco más específicamente qué querés saber?',
      );
      return paragraphs.join('\n\n');
    }
    const primaryHitFound = primaryHit(q.hits, q.terms);
    const primary = primaryHitFound.passage;
    const secondary = secondaryPassage(q.hits, primaryHitFound, q.terms, q.asksComparison);
    paragraphs.push(this.explanation(primary, secondary, q));
    const personal = personalisation(primary, q);
    if (personal !== '') paragraphs.push(personal);
    const used = secondary ? [primary, secondary] : [primary];
    const closing = this.closing(used, q.hits, q);
    if (closing !== '') paragraphs.push(closing);
    return paragraphs.join('\n\n');
  }

  private explanation(
    primary: KnowledgePassage,
    secondary: KnowledgePassage | undefined,
    q: OfflineQuestion,
  ): string {
    const main = selectSentences(primary, q.terms, {
      keepFirst: true,
      maxSentences: 4,
      maxWords: 115,
    });
    const lead = pick(['', 'En pocas palabras, ', 'Para empezar, '], q.seed, 2);
    const parts = [withConnector(lead, main[0]), ...main.slice(1)];
    if (secondary) {
      // A comparison needs both sides; otherwise one sentence adds context without burying the answer.
      const maxSentences = q.asksComparison ? 2 : 1;
      const extra = selectSentences(secondary, q.terms, {
        keepFirst: false,
        maxSentences,
        maxWords: 60,
      });
      const connectors = q.asksComparison
        ? ['Para completar la comparación, ', 'Mirando la otra alternativa, ']
        : ['Como complemento, ', 'Además, ', 'Para sumar contexto, '];
      if (extra.length > 0) parts.push(withConnector(pick(connectors, q.seed, 3), extra.join(' ')));
    }
    return parts.join(' ');
  }

  private closing(
    used: readonly KnowledgePassage[],
    hits: readonly KnowledgeHit[],
    q: OfflineQuestion,
  ): string {
    // The reply's `disclaimer` field carries the notice: it is not repeated in the text.
    const parts: string[] = [];
    const sources = [
      ...new Set(used.map((p) => p.official_source).filter((s): s is string => !!s)),
    ];
    if (sources.length > 0) parts.push(sourceHint(sources));
    const next = hits.find((hit) => !used.includes(hit.passage));
    if (next) parts.push(offerMore(next.passage, q));
    return parts.join(' ');
  }
}

export function offerMore(passage: KnowledgePassage, q: OfflineQuestion): string {
  return pick(
    [
      `Si te sirve, también puedo contarte sobre «${passage.title}».`,
      `¿Querés que profundice en «${passage.title}»?`,
    ],
    q.seed,
    4,
  );
}
