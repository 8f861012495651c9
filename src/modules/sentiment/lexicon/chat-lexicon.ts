import type { LexiconGroup } from './lexicon.types';

/** How people write in app chats: shorthand complaints, relief and verdicts. */
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
    },
  },
  {
    kind: 'polar',
    emotion: 'euforia',
    terms: { vamo: 1.2 },
  },
];
