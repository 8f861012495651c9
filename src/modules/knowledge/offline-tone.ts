import { pick } from './answer-text';
import type { OfflineQuestion } from './offline-answerer';

/** Emotions the sentiment analyzer reports (its `emotions` keys) that change how an answer opens. */
export type OpeningEmotion =
  'miedo' | 'incertidumbre' | 'enojo' | 'frustracion' | 'euforia' | 'confianza';

const NEGATIVE_EMOTIONS: readonly OpeningEmotion[] = [
  'miedo',
  'incertidumbre',
  'enojo',
  'frustracion',
];
const POSITIVE_EMOTIONS: readonly OpeningEmotion[] = ['euforia', 'confianza'];
/** Below this intensity an emotion is a trace of one word, not the mood of the message. */
const MIN_INTENSITY = 0.15;

interface Openings {
  withAnswer: readonly string[];
  withoutAnswer: readonly string[];
}

/**
 * Openings by the feeling that was detected. Fear gets calm and caution; anger (sarcasm is read
 * as anger) and frustration are acknowledged as what they are, because telling an angry user
 * that it is normal to be nervous sounds like not listening.
 */
const BY_EMOTION: Record<OpeningEmotion, Openings> = {
  miedo: {
    withAnswer: [
      'Entiendo que esto te preocupe{name}, y es normal sentir inquietud cuando se trata de tus ahorros. Vamos con calma y por partes, porque las decisiones apuradas suelen salir caras.',
      'Vamos despacio{name}: antes de mover nada, conviene entender bien la situación. Te lo explico con calma, mirando también los riesgos.',
      'Te entiendo{name}; cuando la plata está en juego es lógico sentir nervios. Respiremos y veámoslo con calma, paso a paso, sin apurarnos y sin perder de vista los riesgos.',
    ],
    withoutAnswer: ['Entiendo tu inquietud{name}, y quiero ayudarte con calma.'],
  },
  incertidumbre: {
    withAnswer: [
      'Es razonable tener dudas con esto{name}; ordenémoslo por partes para que puedas decidir con más claridad.',
      'Buena idea despejar las dudas antes de decidir{name}. Vamos paso a paso.',
    ],
    withoutAnswer: ['Entiendo que tengas dudas{name}, y quiero ayudarte a despejarlas.'],
  },
  enojo: {
    withAnswer: [
      'Entiendo tu enojo{name}, y es razonable que quieras una respuesta clara. Voy directo a lo importante.',
      'Se nota la bronca{name}, y es entendible. Te respondo sin vueltas.',
    ],
    withoutAnswer: ['Entiendo tu enojo{name}, y quiero darte una respuesta clara.'],
  },
  frustracion: {
    withAnswer: [
      'Entiendo que sea frustrante{name}, sobre todo cuando las cosas no salen como esperabas. Veamos qué se puede hacer.',
      'Es frustrante cuando pasa algo así{name}. Veamos con claridad qué opciones hay.',
    ],
    withoutAnswer: ['Entiendo la frustración{name}, y quiero ayudarte.'],
  },
  euforia: {
    withAnswer: [
      '¡Qué bueno ese entusiasmo{name}! Aprovechemos para mirar también los riesgos, que en las buenas rachas se suelen olvidar.',
      '¡Me alegra que te esté yendo bien{name}! Igual conviene repasar los riesgos con la cabeza fría.',
    ],
    withoutAnswer: ['¡Qué bueno ese entusiasmo{name}!'],
  },
  confianza: {
    withAnswer: ['¡Buena pregunta{name}!', '¡Qué bueno que te interese el tema{name}!'],
    withoutAnswer: ['¡Buena pregunta{name}!'],
  },
};

/** Openings when the label is known but no emotion stands out. */
const BY_LABEL: Record<'positive' | 'negative' | 'neutral', Openings> = {
  negative: BY_EMOTION.miedo,
  positive: {
    withAnswer: ['¡Buena pregunta{name}!', '¡Qué bueno que te interese el tema{name}!'],
    withoutAnswer: ['¡Buena pregunta{name}!'],
  },
  neutral: {
    withAnswer: ['Te explico{name}.', 'Va una explicación breve{name}.', 'Vamos al punto{name}.'],
    withoutAnswer: ['Te explico{name}.', 'Vamos al punto{name}.'],
  },
};

/**
 * The emotion the opening should acknowledge: the strongest one that agrees with the label (a
 * neutral message can still carry doubt). Undefined when none stands out.
 */
export function dominantEmotion(
  label: 'positive' | 'negative' | 'neutral' | undefined,
  emotions: Readonly<Record<string, number>> | undefined,
): OpeningEmotion | undefined {
  if (!emotions) return undefined;
  const allowed: readonly OpeningEmotion[] =
    label === 'negative'
      ? NEGATIVE_EMOTIONS
      : label === 'positive'
        ? POSITIVE_EMOTIONS
        : ['incertidumbre'];
  let best: OpeningEmotion | undefined;
  let bestIntensity = MIN_INTENSITY;
  for (const emotion of allowed) {
    const intensity = emotions[emotion] ?? 0;
    if (intensity >= bestIntensity) {
      best = emotion;
      bestIntensity = intensity;
    }
  }
  return best;
}

export function displayName(q: OfflineQuestion): string {
  const name = q.context.display_name?.trim();
  return name ? `, ${name}` : '';
}

/** The first sentence of an answer, fitted to how the user feels. */
export function opening(q: OfflineQuestion, hasAnswer: boolean): string {
  const label = q.context.sentiment_label ?? 'neutral';
  const emotion = dominantEmotion(label, q.context.sentiment_emotions);
  const set = emotion ? BY_EMOTION[emotion] : BY_LABEL[label];
  const options = hasAnswer ? set.withAnswer : set.withoutAnswer;
  const name = displayName(q);
  return pick(options, q.seed, 1).replace('{name}', () => name);
}
