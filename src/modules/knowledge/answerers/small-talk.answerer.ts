import { pick } from '../answer-text';
import { searchTerms } from '../knowledge-base';
import type { OfflineAnswerer, OfflineQuestion } from '../offline-answerer';
import { displayName } from '../offline-tone';

type SmallTalkIntent = 'greeting' | 'howAreYou' | 'thanks' | 'capabilities' | 'goodbye';

/** Cues on folded text (no accents, lower case); letters may be repeated ("holaaa", "chauu"). */
// "¿qué tal estás?" must be read as a whole before "qué tal" alone counts as a greeting.
const CUES: Record<SmallTalkIntent, RegExp> = {
  howAreYou:
    /\b(como (andas|andan|estas|estan|va|te va|le va|venis|vas)|todo (bien|tranqui)|que tal (estas|andas|todo)|que onda)\b/g,
  greeting:
    /\b(hol+a+s?|holis|buen(os|as)? (dias?|tardes?|noches?)|buenas+|hey|hi|hello|saludos|que tal)\b/g,
  thanks: /\b(muchas gracias|mil gracias|gracia+s+|grax|thanks|thank you|thx|te agradezco)\b/g,
  capabilities:
    /\b(que (podes|puedes|sabes|pod[eé]s) hacer|que sabes|en que (me )?(podes|puedes) ayudar|para que (servis|sirves)|que (haces|sos)|quien sos|como me (podes|puedes) ayudar|ayuda|help)\b/g,
  goodbye: /\b(chau+|chao|adios|hasta (luego|manana|pronto|la proxima)|nos vemos|bye|me voy)\b/g,
};

/** A whole message that only acknowledges ("ok", "dale!", "perfecto, entendido", "👍"). */
const ACKNOWLEDGEMENT =
  /^(?:(?:ok(?:a+y|ey|i)?|oka|dale+|perfecto|entendido|entiendo|genial|joya|buenisimo|barbaro|listo|de una|claro|ah+|aja|buen(?:isimo)?|excelente|copado|re bien|👍|👌|🙌)[\s,.!¡]*)+$/u;

/** Words a small-talk message may carry besides its cues without asking about anything. */
const FILLER = new Set(
  'un una uno sos todo todos vos che amigo amiga crack capo ok dale listo bueno si por eso esto ahi hacer puedes podes sabes ayudar servis'.split(
    ' ',
  ),
);

/** What the assistant can explain, said in the capabilities answer and after a greeting. */
const TOPICS =
  'instrumentos como CEDEARs, acciones, bonos, LECAPs, obligaciones negociables, FCI o plazos fijos; ' +
  'los distintos dólares (oficial, MEP, CCL, blue); conceptos como riesgo país, inflación, TNA o ' +
  'duration; quién regula qué (BCRA, CNV, BYMA); impuestos como Bienes Personales; y cómo ' +
  'pensar el riesgo de una inversión';

function intentsOf(folded: string): { intents: Set<SmallTalkIntent>; rest: string } {
  const intents = new Set<SmallTalkIntent>();
  let rest = folded;
  for (const intent of Object.keys(CUES) as SmallTalkIntent[]) {
    rest = rest.replace(CUES[intent], () => {
      intents.add(intent);
      return ' ';
    });
  }
  return { intents, rest };
}

/**
 * Greetings, thanks, "¿cómo andás?", "¿qué podés hacer?" and goodbyes get a fitting reply instead
 * of "No encontré información confiable sobre eso". A message that also asks about a topic is
 * left to the answerers behind this one.
 */
export class SmallTalkAnswerer implements OfflineAnswerer {
  readonly name = 'small-talk';

  answer(q: OfflineQuestion): string | null {
    // Praise words alone are an acknowledgement; inside a sentence they are often sarcasm
    // ("genial, otra vez en rojo"), so only a message made of them counts.
    if (ACKNOWLEDGEMENT.test(q.folded.trim())) {
      return pick(
        [
          '¡Genial! Si querés, seguimos con otro tema o profundizamos en este.',
          '¡Perfecto! ¿Querés que veamos algo más?',
        ],
        q.seed,
        6,
      );
    }
    const { intents, rest } = intentsOf(q.folded);
    if (intents.size === 0) return null;
    const asksMore = searchTerms(rest).some((t) => !FILLER.has(t));
    // "gracias, me sirvió" still has words left, but only thanks and goodbyes carry such tails;
    // a greeting followed by a question is a question.
    if (asksMore && (q.hits.length > 0 || !(intents.has('thanks') || intents.has('goodbye'))))
      return null;
    const name = displayName(q);
    const parts: string[] = [];
    if (intents.has('greeting')) parts.push(`¡Hola${name}!`);
    if (intents.has('capabilities')) {
      parts.push(
        `Soy un asistente de educación financiera para el mercado argentino. Puedo explicarte ${TOPICS}. ` +
          'No tengo cotizaciones en tiempo real ni doy recomendaciones personalizadas, pero sí información fechada y con su fuente. ¿Por dónde querés empezar?',
      );
    } else if (intents.has('thanks')) {
      parts.push(
        pick(
          [
            `¡De nada${intents.has('greeting') ? '' : name}! Si te queda alguna duda o querés ver otro tema, preguntame cuando quieras.`,
            `¡Un placer${intents.has('greeting') ? '' : name}! Cuando quieras seguimos con otro tema.`,
          ],
          q.seed,
          5,
        ),
      );
      if (intents.has('goodbye')) parts.push('¡Hasta la próxima!');
    } else if (intents.has('goodbye')) {
      parts.push(
        `¡Hasta luego${intents.has('greeting') ? '' : name}! Cuando quieras seguimos. Que te vaya muy bien con tus finanzas.`,
      );
    } else if (intents.has('howAreYou')) {
      parts.push(
        '¡Muy bien, gracias por preguntar! ¿En qué te puedo ayudar hoy con tus ahorros o tus inversiones?',
      );
    } else {
      parts.push(
        `Soy el asistente de inversiones: puedo explicarte ${TOPICS}. ¿Qué te gustaría saber?`,
      );
    }
    return parts.join(' ');
  }
}
