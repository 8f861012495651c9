import { speaksOfInvestments } from '../suitability/disclaimer-policy';
import type { OfflineQuestion } from './offline-answerer';

/** Answers that talk about instruments or strategies (not small talk, not a declined order). */
const SUBSTANTIVE = new Set(['glossary', 'retrieval']);

/**
 * The suitability rule, offline: with a stale or missing investor profile, an answer about
 * instruments or strategies first suggests updating the profile.
 */
export function withSuitabilityNote(text: string, q: OfflineQuestion, answerer: string): string {
  const status = q.context.profile_status;
  if (!SUBSTANTIVE.has(answerer) || !status || status === 'current') return text;
  if (!speaksOfInvestments(q.text)) return text;
  const note =
    status === 'missing'
      ? 'Antes de hablar de estrategias o de instrumentos concretos, te sugiero completar tu perfil de inversor en la app (el test del inversor): así las explicaciones pueden tener en cuenta cuánto riesgo estás dispuesto a asumir.'
      : `Antes de hablar de estrategias o de instrumentos concretos, te sugiero actualizar tu perfil de inversor en la app (el test del inversor): el que tengo es de hace más de ${q.context.profile_max_age_days ?? 365} días o no tiene fecha, y tu situación puede haber cambiado.`;
  return `${note}\n\n${text}`;
}
