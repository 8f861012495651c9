import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();

type Case = [text: string, label: SentimentLabel];

function expectLabels(cases: Case[]): void {
  it.each(cases)('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });
}

describe('sentence structure', () => {
  describe('what happened after all outweighs what came before ("y resulta que")', () => {
    expectLabels([
      ['pensé que iba a perder todo y resulta que terminé ganando', 'positive'],
      ['estaba re ilusionado con la IPO y resulta que se hundió', 'negative'],
      ['muy lindo todo hasta que querés retirar la plata y no podés', 'negative'],
      ['venía ganando tranquilo y de golpe se desplomó todo', 'negative'],
    ]);
  });

  describe('an expectation or a past state is conceded, not felt now', () => {
    expectLabels([
      ['pensé que iban a tardar una semana y me respondieron en una hora, impecable', 'positive'],
      [
        'mi hermano estaba al horno con la tarjeta y con lo que gané lo pude ayudar, qué felicidad',
        'positive',
      ],
      ['estaba preocupado pero ya se solucionó', 'positive'],
      ['ni en pedo pensé que me iba a ir tan bien', 'positive'],
    ]);
  });

  describe('a negation stops at a coordinated clause', () => {
    expectLabels([
      ['nunca llegó y estoy desesperado', 'negative'],
      ['no vino y estoy preocupada', 'negative'],
    ]);
  });

  describe('piling one grievance on another', () => {
    expectLabels([
      ['para colmo me cambiaron el horario de atención', 'negative'],
      ['y como si fuera poco me mandaron el resumen a otra dirección', 'negative'],
    ]);
  });
});
