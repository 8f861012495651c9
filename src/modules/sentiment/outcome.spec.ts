import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();

type Case = [text: string, label: SentimentLabel];

function expectLabels(cases: Case[]): void {
  it.each(cases)('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });
}

describe('outcomes that overturn what came before', () => {
  describe('an expectation followed by a plain outcome is reversed', () => {
    expectLabels([
      ['pense que la app era buena y resulta que es la de siempre', 'negative'],
      ['crei que lo peor habia pasado y resulta que apenas empezaba', 'negative'],
      ['fui con miedo de que me rechazaran el prestamo y al final me lo dieron', 'positive'],
    ]);
  });

  describe('a movement that reads like the hope is read the other way', () => {
    expectLabels([
      ['pense que con el aumento iba a estar mejor y resulta que todo subio el doble', 'negative'],
    ]);
  });

  describe('a broken promise complains even when told as plain facts', () => {
    expectLabels([
      ['se suponia que llegaba el lunes y estamos a jueves', 'negative'],
      ['me prometieron la tarjeta para el martes y nada', 'negative'],
    ]);
  });

  describe('a good state that ended ("hasta que")', () => {
    expectLabels([
      ['todo muy lindo hasta que quise retirar la plata', 'negative'],
      // A bad state that ended is left to the words after it.
      ['andaba joya la billetera hasta que la actualizaron', 'negative'],
      ['estuve nervioso hasta que me devolvieron la plata', 'positive'],
    ]);
  });
});
