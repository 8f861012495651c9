import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { SentimentLabel } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();

type Case = [text: string, label: SentimentLabel];

function expectLabels(cases: Case[]): void {
  it.each(cases)('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });
}

describe('spoken register (voice notes, chats without commas)', () => {
  describe('"bueno" opening a turn is a filler, not a verdict', () => {
    expectLabels([
      ['bueno mirá te hago una consulta sobre el plazo fijo', 'neutral'],
      ['eh bueno te aviso que mañana paso por la sucursal', 'neutral'],
      ['hola eh bueno te mando el número de cuenta por mensaje', 'neutral'],
      ['bueno el informe de hoy, me sirvió', 'positive'],
    ]);
  });

  describe('a question still opens after a greeting or a call for attention', () => {
    expectLabels([
      ['che una pregunta cuánto rinde la caución hoy', 'neutral'],
      ['hola escuchame cuál es la ganancia de ese fondo', 'neutral'],
    ]);
  });

  describe('fillers and exclamations that look like negations', () => {
    expectLabels([
      ['así que nada muy contenta con el servicio', 'positive'],
      ['bueno nada me encantó la charla', 'positive'],
      ['no sabés la alegría que tengo', 'positive'],
      ['no puedo darlo de baja por ningún lado es una vergüenza', 'negative'],
    ]);
  });

  it('reads "de diez" before a unit as a figure, not as praise', () => {
    expect(analyzer.analyzeSync('perdí los intereses de diez días').label).toBe('negative');
  });
});
