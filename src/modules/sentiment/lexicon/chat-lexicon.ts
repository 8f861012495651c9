import type { LexiconGroup } from './lexicon.types';

/**
 * How people write in app chats, group chats, voice notes and letters to support: shorthand
 * complaints, relief, verdicts and the fillers of speech.
 */
export const CHAT_LEXICON: readonly LexiconGroup[] = [
  {
    kind: 'polar',
    emotion: 'enojo',
    terms: {
      'te roban': -2,
      'nos roban': -2,
      'nadie se hace cargo': -1.8,
      'qué paja': -1.2,
      'tirar el cel* por la ventana': -2,
      'la realidad es otra': -1.5,
      'no podés': -1,
      'no me deje': -1.5,
      'no me dejen': -1.5,
      'me siguen cobrando': -1.5,
      'tard* # meses': -1.4,
      '# horas esperando': -1.4,
      'horas esperando': -1.2,
      // Piling one grievance on another: a complaint even when the facts are plain.
      'para colmo': -1,
      'como si fuera poco': -0.8,
      'encima de todo': -0.8,
      exijo: -1.2,
      'sin mi autorización': -1.5,
      'abandonad*': -1.8,
      'desconsideraci*': -1.8,
      'siguen insistiendo': -1.2,
      'así vamos': -1,
      'dej* de confiar': -1.8,
      'nadie me da* una respuesta': -1.6,
      'es una vergüenza': -2,
    },
  },
  {
    kind: 'polar',
    emotion: 'frustracion',
    topical: true,
    terms: {
      'perd* contra la inflación': -1.6,
    },
  },
  {
    kind: 'polar',
    emotion: 'confianza',
    terms: {
      respiré: 1.2,
      'me preocupé al pedo': 1.2,
      'recomendadísim*': 2,
      'en dos clicks': 1.2,
      'en un click': 1.2,
      'me devolvieron': 1.2,
      'me resolvieron': 1.5,
      'se me pasó todo': 1.5,
      'fue fácil': 1.2,
      conformidad: 1.2,
      'satisfactori*': 1.5,
      'gran avance': 1.5,
      'super* las estimaciones': 1.8,
      'se merece un monumento': 2,
      'buen día para': 1.5,
      'ganarle a la inflación': 1.6,
    },
  },
  {
    kind: 'polar',
    emotion: 'euforia',
    terms: { vamo: 1.2 },
  },
  {
    // "No sabés la alegría que tengo": an exclamation, not a negation.
    kind: 'intensifier',
    position: 'before',
    terms: { 'no sabés': 1.3 },
  },
  {
    // Fillers of speech and set phrases that would otherwise read as a negation or a verdict.
    kind: 'neutral',
    terms: [
      'bueno nada',
      'eh nada',
      'así que nada',
      'o sea nada',
      'nada eso',
      'che boludo',
      'che boluda',
      'por ningún lado',
      'un seguro',
      'agradecería',
      'les agradecería',
      'de diez días',
      'de diez meses',
      'de diez años',
      'de diez minutos',
      'de diez mil',
      'de diez pesos',
      'de diez dólares',
    ],
  },
];
