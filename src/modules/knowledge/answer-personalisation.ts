import { listEs } from './answer-text';
import { foldText } from './knowledge-base';
import type { KnowledgePassage } from './knowledge.types';
import type { OfflineQuestion } from './offline-answerer';

type RiskProfile = 'conservative' | 'moderate' | 'aggressive';

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

/** What the answer adds for this user: their profile, tickers, goals and portfolio size. */
export function personalisation(primary: KnowledgePassage, q: OfflineQuestion): string {
  const ctx = q.context;
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
  const risk = actionable ? profileNote(readProfile(ctx.risk_profile), primary) : '';
  if (risk !== '') sentences.push(risk);
  sentences.push(...tickerNote(primary, q, ctx.favorite_tickers ?? [], foldedText));
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

function profileNote(profile: RiskProfile | undefined, passage: KnowledgePassage): string {
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

function tickerNote(
  primary: KnowledgePassage,
  q: OfflineQuestion,
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
