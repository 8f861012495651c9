import { LexiconSentimentAnalyzer } from '../lexicon-sentiment.analyzer';
import type { SentimentLabel } from '../sentiment.types';

// The lexicon's phrases are read by the rules; the learned layer on top has its own spec.
const analyzer = new LexiconSentimentAnalyzer(undefined, null);

describe('chat, group-chat, support-letter and review phrases', () => {
  it.each<[string, SentimentLabel]>([
    ['cinco estrellas, la uso todos los días', 'positive'],
    ['una estrella porque no se puede poner cero', 'negative'],
    ['tres estrellas hasta probarla más', 'neutral'],
    ['el informe semanal es oro', 'positive'],
    ['me están matando los costos', 'negative'],
    ['exijo la devolución del dinero', 'negative'],
    ['me siento abandonado por el banco', 'negative'],
    ['dejo constancia de mi conformidad con la gestión', 'positive'],
    ['les agradecería el envío del resumen', 'neutral'],
    ['estaría bueno un video sobre bonos', 'neutral'],
    ['qué paja tener que llamar otra vez', 'negative'],
    ['te roban con las comisiones', 'negative'],
    ['pagamos las cuotas y nos quedamos sin nada', 'negative'],
    ['cancelamos la deuda antes y nos ahorramos los intereses', 'positive'],
  ])('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });
});
