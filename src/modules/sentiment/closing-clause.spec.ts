import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();

type Case = [text: string, label: SentimentLabel];

describe('closing clause of long mixed messages', () => {
  it.each<Case>([
    [
      'arrancó bien el día, subía todo, estaba re contento, y a la tarde se desplomó y cerré perdiendo',
      'negative',
    ],
    [
      'el año pasado fue un desastre, perdí con cripto, con acciones, con todo. este año armé algo conservador y estoy contentísimo',
      'positive',
    ],
    [
      'me atendieron rápido, me explicaron todo, fueron re amables, pero la plata nunca llegó y estoy desesperado',
      'negative',
    ],
  ])('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });

  it('leaves short mixed messages to their words', () => {
    const short = analyzer.analyzeSync('estoy contento, perdí un poco');
    const long = analyzer.analyzeSync('hoy fue largo, estoy contento, perdí un poco');
    // The long message ends on the loss, so the loss weighs more there than in the short one.
    expect(long.score).toBeLessThan(short.score);
  });
});
