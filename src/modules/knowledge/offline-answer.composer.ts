import { Injectable } from '@nestjs/common';
import { hashText, listEs, pick, selectSentences, withConnector } from './answer-text';
import { foldText, searchTerms } from './knowledge-base';
import type { KnowledgeHit, KnowledgePassage, OfflineAnswerContext } from './knowledge.types';

export { splitIntoChunks } from './answer-text';

export const EDUCATIONAL_DISCLAIMER =
  'Esto es información educativa, no una recomendación de inversión personalizada.';

const PRICE_CUE =
  /\b(a cuanto|cuanto (esta|vale|sale|cotiza|cerro)|cotizacion|cotiza hoy|precio (actual|de hoy|hoy)|valor (actual|de hoy)|como cerro)\b/;
const NOW_CUE = /\b(hoy|ahora|en este momento)\b/;
const LEVEL_CUE = /\b(como esta|cual es|cuanto|nivel|valor|precio|tasa)\b/;
const COMPARISON_CUE = /\b(o|vs|versus|diferencia|diferencias|comparar|conviene|mejor)\b/;

/** Upper-case words users type that look like tickers but are concepts. */
const NOT_TICKERS = new Set(
  (
    'MEP CCL FCI FCIS CER UVA TNA TEM TEA TIR BCRA INDEC IPC CNV ADR ADRS ON ONS REM EMBI USD ARS ' +
    'ALYC ALYCS CAFCI LECAP LECAPS BONCAP LELIQ LELIQS LEBAC LEBACS CEDEAR CEDEARS ETF ETFS PSAV ' +
    'ARCA AFIP IVA DNI PBI PAIS OK'
  ).split(' '),
);

/** Passages about how to invest rather than what to buy, where the user's goals matter too. */
const PLANNING_PASSAGES = new Set(
  (
    'perfil-de-riesgo horizonte-de-inversion fondo-de-emergencia diversificacion ' +
    'compras-periodicas cuando-cae-una-inversion stop-loss-tamano-posicion'
  ).split(' '),
);
/** Passages where a worked example of position sizing helps. */
const SIZING_PASSAGES = new Set(
  'diversificacion cuando-cae-una-inversion stop-loss-tamano-posicion'.split(' '),
);

const FALLBACK_TOPICS =
  'qué es un CEDEAR, las diferencias entre el dólar MEP y el CCL, el riesgo país, plazo fijo o ' +
  'FCI money market, bonos como el AL30 y el GD30, LECAPs, la inflación del INDEC o qué hacer ' +
  'cuando una inversión cae';

/** Openings by the sentiment of the message; a worried user first hears calm and caution. */
const OPENINGS = {
  negative: [
    'Entiendo que esto te preocupe{name}, y es normal sentir inquietud cuando se trata de tus ahorros. Vamos con calma y por partes, porque las decisiones apuradas suelen salir caras.',
    'Vamos despacio{name}: antes de mover nada, conviene entender bien la situación. Te lo explico con calma, mirando también los riesgos.',
    'Te entiendo{name}; cuando la plata está en juego es lógico sentir nervios. Respiremos y veámoslo con calma, paso a paso, sin apurarnos y sin perder de vista los riesgos.',
  ],
  worriedNoAnswer: ['Entiendo tu inquietud{name}, y quiero ayudarte con calma.'],
  positive: ['¡Buena pregunta{name}!', '¡Qué bueno que te interese el tema{name}!'],
  neutral: ['Te explico{name}.', 'Va una explicación breve{name}.', 'Vamos al punto{name}.'],
} as const satisfies Record<string, readonly string[]>;

type RiskProfile = 'conservative' | 'moderate' | 'aggressive';

interface QuestionAnalysis {
  terms: string[];
  seed: number;
  asksPrice: boolean;
  asksComparison: boolean;
  tickers: string[];
}

function analyzeQuestion(question: string): QuestionAnalysis {
  const folded = foldText(question);
  const tickers = (question.match(/\b[A-Z][A-Z0-9]{1,5}\b/g) ?? []).filter(
    (word) => !NOT_TICKERS.has(word),
  );
  return {
    terms: searchTerms(question),
    seed: hashText(folded.trim()),
    asksPrice: PRICE_CUE.test(folded) || (NOW_CUE.test(folded) && LEVEL_CUE.test(folded)),
    asksComparison: COMPARISON_CUE.test(folded),
    tickers: [...new Set(tickers)],
  };
}

/** "YPF" (ADR) and "YPFD" (local share) name the same company; so do "PAM" and "PAMP". */
function sameIssuer(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short === long || (short.length >= 3 && long.startsWith(short));
}

function readProfile(raw: string | undefined): RiskProfile | undefined {
  const folded = foldText(raw ?? '');
  if (folded.includes('conserv')) return 'conservative';
  if (folded.includes('moder')) return 'moderate';
  if (folded.includes('agres') || folded.includes('arriesg')) return 'aggressive';
  return undefined;
}

/**
 * Writes the offline assistant's answer from retrieved passages. It only restates curated facts,
 * so it can never contradict the knowledge base the LLM path is grounded on.
 */
@Injectable()
export class OfflineAnswerComposer {
  compose(question: string, hits: KnowledgeHit[], ctx: OfflineAnswerContext): string {
    const q = analyzeQuestion(question);
    const paragraphs: string[] = [this.opening(q, ctx, hits.length > 0)];
    if (q.asksPrice) paragraphs.push(this.priceNotice(q, hits.length > 0));
    if (hits.length === 0) {
      paragraphs.push(
        'No encontré información confiable sobre eso en mi base de conocimiento y prefiero no ' +
          `inventar datos. Lo que sí puedo explicarte son temas como ${FALLBACK_TOPICS}. ` +
          '¿Me contás un poco más específicamente qué querés saber?',
      );
      paragraphs.push(EDUCATIONAL_DISCLAIMER);
      return paragraphs.join('\n\n');
    }
    const primary = hits[0].passage;
    const secondary = this.secondaryPassage(hits, q);
    paragraphs.push(this.explanation(primary, secondary, q));
    const personal = this.personalisation(primary, q, ctx);
    if (personal !== '') paragraphs.push(personal);
    const used = secondary ? [primary, secondary] : [primary];
    paragraphs.push(this.closing(used, hits, q));
    return paragraphs.join('\n\n');
  }

  private opening(q: QuestionAnalysis, ctx: OfflineAnswerContext, hasAnswer: boolean): string {
    const name = ctx.display_name?.trim() ? `, ${ctx.display_name.trim()}` : '';
    const tone = ctx.sentiment_label ?? 'neutral';
    const options = tone === 'negative' && !hasAnswer ? OPENINGS.worriedNoAnswer : OPENINGS[tone];
    return pick(options, q.seed, 1).replace('{name}', () => name);
  }

  private priceNotice(q: QuestionAnalysis, hasConcept: boolean): string {
    const what = q.tickers.length > 0 ? `cómo cotiza ${listEs(q.tickers)} hoy` : 'ese valor hoy';
    const concept = hasConcept ? ' Lo que sí puedo es explicarte el concepto.' : '';
    return (
      `No tengo cotizaciones en tiempo real, así que no puedo decirte ${what}. Para el dato del ` +
      `momento, consultá tu ALyC, BYMA o la fuente oficial (el BCRA, en el caso del dólar oficial).${concept}`
    );
  }

  private secondaryPassage(
    hits: KnowledgeHit[],
    q: QuestionAnalysis,
  ): KnowledgePassage | undefined {
    const [first, second] = hits;
    const share = q.asksComparison ? 0.35 : 0.5;
    return second && second.score >= first.score * share ? second.passage : undefined;
  }

  private explanation(
    primary: KnowledgePassage,
    secondary: KnowledgePassage | undefined,
    q: QuestionAnalysis,
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

  private personalisation(
    primary: KnowledgePassage,
    q: QuestionAnalysis,
    ctx: OfflineAnswerContext,
  ): string {
    const sentences: string[] = [];
    const foldedText = foldText(`${primary.text} ${primary.tags.join(' ')}`);
    const unknownTickers = q.tickers.filter((t) => !foldedText.includes(t.toLowerCase()));
    if (unknownTickers.length > 0 && !q.asksPrice) {
      sentences.push(
        `No tengo datos específicos ni en tiempo real sobre ${listEs(unknownTickers)}, así que te lo planteo de forma general.`,
      );
    }
    // Macro or historical topics (inflation, LELIQs) are not something to buy: no profile advice.
    const actionable = primary.risk_level !== undefined || PLANNING_PASSAGES.has(primary.id);
    const risk = actionable ? this.profileNote(readProfile(ctx.risk_profile), primary) : '';
    if (risk !== '') sentences.push(risk);
    sentences.push(...this.tickerNote(primary, q, ctx.favorite_tickers ?? [], foldedText));
    const goals = (ctx.investment_goals ?? []).map((g) => g.trim().toLowerCase()).filter(Boolean);
    if (goals.length > 0 && actionable) {
      const label =
        goals.length === 1
          ? `tu objetivo de ${goals[0]}`
          : `tus objetivos (${listEs(goals.slice(0, 3))})`;
      sentences.push(
        `Pensando en ${label}, lo clave es que el plazo y el riesgo de cada instrumento coincidan con cuándo vas a necesitar esa plata.`,
      );
    }
    if (
      ctx.portfolio_value !== undefined &&
      ctx.portfolio_value > 0 &&
      SIZING_PASSAGES.has(primary.id)
    ) {
      const money = (value: number) =>
        `$${new Intl.NumberFormat('es-AR', { maximumFractionDigits: 0 }).format(value)}`;
      sentences.push(
        `Como ejemplo ilustrativo: con una cartera de ${money(ctx.portfolio_value)}, un límite de 10% por posición significaría no poner más de ${money(ctx.portfolio_value * 0.1)} en un solo activo.`,
      );
    }
    return sentences.join(' ');
  }

  private profileNote(profile: RiskProfile | undefined, passage: KnowledgePassage): string {
    const level = passage.risk_level;
    switch (profile) {
      case undefined:
        return '';
      case 'conservative':
        if (level === 'high') {
          return 'Como tu perfil es conservador, tené presente que se trata de un activo de riesgo alto, cuyo valor puede caer mucho en poco tiempo. Para un perfil así suele tener más sentido priorizar alternativas de menor riesgo, como un FCI money market, un plazo fijo o letras cortas del Tesoro, y, si se quiere algo de exposición, limitarla a una porción chica de la cartera.';
        }
        if (level === 'medium') {
          return 'Con un perfil conservador conviene ir con cautela: preferir plazos cortos, emisores sólidos y montos acotados, y tener en cuenta que el precio puede bajar antes del vencimiento.';
        }
        if (level === 'low') {
          return 'Para un perfil conservador como el tuyo, este tipo de alternativa suele encajar bien porque prioriza cuidar el capital y la liquidez; igual conviene comparar su rendimiento con la inflación esperada.';
        }
        return 'Con tu perfil conservador, la prioridad suele ser cuidar el capital y la liquidez antes que buscar el máximo rendimiento, así que cualquier decisión conviene tomarla con cautela.';
      case 'moderate':
        return level === 'high'
          ? 'Con un perfil moderado, una práctica habitual es que este tipo de activo sea solo una parte de la cartera, equilibrada con instrumentos de renta fija.'
          : 'Con un perfil moderado, la clave suele estar en el equilibrio: combinar instrumentos de bajo riesgo con una porción de activos que busquen más rendimiento.';
      case 'aggressive':
        return level === 'low'
          ? 'Aunque tu perfil tolere más riesgo, este tipo de instrumento es útil para la parte líquida o de corto plazo de la cartera.'
          : 'Aunque tu perfil sea agresivo, el tamaño de cada posición y la diversificación siguen siendo claves para que una caída puntual no pese demasiado.';
    }
  }

  private tickerNote(
    primary: KnowledgePassage,
    q: QuestionAnalysis,
    favorites: readonly string[],
    foldedText: string,
  ): string[] {
    const favs = [...new Set(favorites.map((t) => t.trim().toUpperCase()).filter(Boolean))];
    if (favs.length === 0) return [];
    const mentioned = favs.filter(
      (t) => foldedText.includes(t.toLowerCase()) || q.tickers.some((m) => sameIssuer(m, t)),
    );
    if (mentioned.length > 0) {
      return [
        `Como seguís ${listEs(mentioned)}, podés aplicar esto directamente a esa parte de tu cartera.`,
      ];
    }
    const aboutEquities = primary.tags.some((t) =>
      ['acciones', 'cedear', 'adr', 'merval'].includes(t),
    );
    return aboutEquities || primary.id === 'cuando-cae-una-inversion'
      ? [`Si querés, lo podemos bajar a los activos que seguís (${listEs(favs.slice(0, 4))}).`]
      : [];
  }

  private closing(
    used: readonly KnowledgePassage[],
    hits: KnowledgeHit[],
    q: QuestionAnalysis,
  ): string {
    const parts = [EDUCATIONAL_DISCLAIMER];
    const sources = [
      ...new Set(used.map((p) => p.official_source).filter((s): s is string => !!s)),
    ];
    if (sources.length > 0) {
      parts.push(
        `Como algunos de estos datos cambian con el tiempo, conviene confirmar la información vigente en ${sources.join(' o en ')}.`,
      );
    }
    const next = hits.find((hit) => !used.includes(hit.passage));
    if (next) {
      parts.push(
        pick(
          [
            `Si te sirve, también puedo contarte sobre «${next.passage.title}».`,
            `¿Querés que profundice en «${next.passage.title}»?`,
          ],
          q.seed,
          4,
        ),
      );
    }
    return parts.join(' ');
  }
}
