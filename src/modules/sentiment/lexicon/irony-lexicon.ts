import type { LexiconGroup } from './lexicon.types';

/**
 * Sarcasm and the plain facts complaints are made of: praise people use ironically as often as
 * sincerely, fixed ironic phrases, resignation, and the things an app or a bank does to someone
 * ("me colgaron", "van tres semanas") that make praise around them read as its opposite.
 */
export const IRONY_LEXICON: readonly LexiconGroup[] = [
  {
    kind: 'polar',
    emotion: 'euforia',
    terms: {
      'un golazo': 2.2,
    },
  },
  {
    // Praise listed elsewhere that turns into irony when the rest only complains.
    kind: 'ironic',
    terms: [
      'qué alegría',
      'qué suerte',
      'golazo',
      'un golazo',
      '10 puntos',
      'una masa',
      'un caño',
      'la rompe',
      'la rompió',
      'amable*',
    ],
  },
  {
    // Fixed ironic phrases and resignation.
    kind: 'polar',
    emotion: 'frustracion',
    fixed: true,
    terms: {
      'qué suerte la mía': -1.6,
      'qué se le va a hacer': -0.8,
      'qué le vas a hacer': -0.8,
      'es lo que hay': -0.6,
    },
  },
  {
    // What was done to someone, and how long they have waited.
    kind: 'polar',
    emotion: 'enojo',
    terms: {
      'me colgaron': -1.5,
      'me congel*': -1.4,
      'me cortaron la llamada': -1.5,
      'me lo comi*': -1.5,
      'me la comi*': -1.5,
      'nos lo comi*': -1.5,
      'sigo pagando': -1,
      'seguimos pagando': -1,
      'van # días': -1,
      'van # semanas': -1.2,
      'van # meses': -1.2,
      'pasaron # días': -1,
      'pasaron # semanas': -1.2,
      'pasaron # meses': -1.2,
      'no pueden hacer nada': -1.5,
      'no me pueden ayudar': -1.5,
      '# horas para': -1,
      'rechazad*': -1.2,
      'transferencia rebotada': -1.5,
      'sin sistema': -1.2,
      'no me devuelven': -1.6,
      'no me lo devuelven': -1.6,
      'no me la devuelven': -1.6,
      'por debajo de la inflación': -1.5,
      lío: -1,
      'un lío': -1.2,
      martirio: -1.8,
      'espero una respuesta': -1.2,
      'sigo esperando': -1.4,
    },
  },
  {
    kind: 'polar',
    emotion: 'confianza',
    terms: {
      gratis: 1,
      'por encima de la inflación': 1.5,
      'me resolvió': 1.5,
      'lo resolvi*': 1.5,
      'me solucion*': 1.5,
      'me lo explic*': 1.2,
      'sin drama': 1,
      'sin problemas': 1,
      'un amor': 1.8,
      // Relief that an expectation can overturn ("pensé que lo peor había pasado y ...").
      'lo peor pasó': 1.2,
      'lo peor había pasado': 1.2,
      respiro: 1,
      'consegu* laburo': 1.5,
      'consegu* trabajo': 1.5,
    },
  },
];
