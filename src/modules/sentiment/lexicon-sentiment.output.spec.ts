import { EMOTIONS } from './lexicon';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import type { Sentiment } from './sentiment.types';

const analyzer = new LexiconSentimentAnalyzer();
const analyze = (text: string) => analyzer.analyzeSync(text);

function expectWellFormed(result: Sentiment): void {
  expect(result.score).toBeGreaterThanOrEqual(-1);
  expect(result.score).toBeLessThanOrEqual(1);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  for (const [name, intensity] of Object.entries(result.emotions ?? {})) {
    expect(EMOTIONS).toContain(name);
    expect(intensity).toBeGreaterThan(0);
    expect(intensity).toBeLessThanOrEqual(1);
  }
}

describe('LexiconSentimentAnalyzer output', () => {
  describe('label and score', () => {
    it('derives the label from the score with a neutral band around zero', () => {
      for (const text of ['Qué alegría', 'Qué bronca', 'Pasame el saldo', 'me fue bien']) {
        const { label, score } = analyze(text);
        if (label === 'positive') expect(score).toBeGreaterThan(0);
        else if (label === 'negative') expect(score).toBeLessThan(0);
        else expect(Math.abs(score)).toBeLessThan(0.2);
      }
    });

    it('keeps the score inside [-1, 1] however much evidence piles up', () => {
      const result = analyze('HORRIBLE, PÉSIMO, UN DESASTRE, ME FUNDÍ!!!!!! 😭😭😭😭😭'.repeat(20));
      expectWellFormed(result);
      expect(result.score).toBeLessThan(-0.95);
    });

    it('is deterministic: the same text always gives the same result', () => {
      const text = 'Subió YPF pero igual tengo miedo 😱';
      expect(analyze(text)).toEqual(analyze(text));
    });

    it('does not let one message leak into the next', () => {
      const before = analyze('Hola, ¿cómo estás?');
      analyze('¡Qué desastre! Se fue a pique todo, estoy re preocupado y con bronca 😡');
      expect(analyze('Hola, ¿cómo estás?')).toEqual(before);
    });
  });

  describe('confidence', () => {
    it('is low when nothing in a statement carries sentiment', () => {
      const result = analyze('Mañana vence mi plazo fijo');
      expect(result.label).toBe('neutral');
      expect(result.confidence).toBeLessThan(0.4);
    });

    it('is high when several signals agree', () => {
      expect(analyze('Estoy feliz, la cartera explotó, todo verde 🚀').confidence).toBeGreaterThan(
        0.8,
      );
    });

    it('is lower for mixed evidence than for agreeing evidence of the same sign', () => {
      const mixed = analyze('Gané con YPF pero perdí con los bonos, qué bronca');
      const agreeing = analyze('Perdí con los bonos, qué bronca');
      expect(mixed.label).toBe('negative');
      expect(mixed.confidence).toBeLessThan(agreeing.confidence);
    });
  });

  describe('emotions', () => {
    it('reports fear for worry about the dollar', () => {
      const { emotions } = analyze('Tengo miedo de que se dispare el dólar');
      expect(emotions?.miedo).toBeGreaterThan(0.5);
    });

    it('reports euphoria for a rally', () => {
      expect(analyze('Vamos todavía!! Todo volando 🚀').emotions?.euforia).toBeGreaterThan(0.5);
    });

    it('reports frustration and anger for a service complaint', () => {
      const { emotions } = analyze('Estoy harto, la app no anda y nadie responde');
      expect(emotions?.frustracion).toBeGreaterThan(0);
      expect(emotions?.enojo).toBeGreaterThan(0);
    });

    it('reports doubt for "no sé si..."', () => {
      expect(analyze('No sé si renovar el plazo fijo').emotions).toHaveProperty('incertidumbre');
    });

    it('reports trust for calm confidence', () => {
      expect(analyze('Confío en el plan, estoy tranquilo').emotions?.confianza).toBeGreaterThan(
        0.5,
      );
    });

    it('lists only the emotions that are present', () => {
      expect(analyze('¿Qué es una LECAP?').emotions).toBeUndefined();
      expect(Object.keys(analyze('Qué bronca').emotions ?? {})).toEqual(['enojo']);
    });
  });

  describe('keywords', () => {
    it('lists the matched terms in normalised form and in order', () => {
      expect(analyze('¡Qué alegría! Subió Galicia 🚀').keywords).toEqual([
        'que alegria',
        'subio',
        'galicia',
        '🚀',
      ]);
    });

    it('writes signed percentages as found', () => {
      expect(analyze('GGAL +8% hoy').keywords).toEqual(['+8%', 'ggal']);
    });

    it('writes signed amounts as found, without the currency sign', () => {
      expect(analyze('+$50.000 en el mes').keywords).toEqual(['+50000']);
    });

    it('leaves out laughter next to other evidence', () => {
      expect(analyze('perdí todo jajaja').keywords).toEqual(['perdi todo']);
    });

    it('is absent when nothing matched', () => {
      expect(analyze('Pasame la curva de bonos').keywords).toBeUndefined();
    });
  });

  describe('chat registers', () => {
    it.each([
      ['holdeé en la bajada y ahora estoy +40%', 'positive'],
      ['x3 con SOL en seis meses', 'positive'],
      ['me liquidaron todo, estoy rekt', 'negative'],
      ['wtf, me cobraron 5 mil de comisión', 'negative'],
      ['la app tiene más bugs que funciones', 'negative'],
      ['se me vencieron las opciones, tiré la guita', 'negative'],
      ['hace 4 días que espero la transferencia', 'negative'],
      ['Excelente servicio: tres días para responder un mail', 'negative'],
      ['No entendiste nada de lo que te pregunté', 'negative'],
      ['Entré en el piso y vendí en el techo', 'positive'],
      ['No hay nada mejor que cobrar dividendos', 'positive'],
      ['-200 lucas en una semana', 'negative'],
      ['-$30.000 de comisiones este mes', 'negative'],
      ['Llamame al +54 11 5555 5555', 'neutral'],
    ])('reads "%s" as %s', (text, label) => {
      expect(analyze(text).label).toBe(label);
    });
  });

  describe('robustness', () => {
    it.each([
      '',
      '   ',
      '???!!!',
      '1.234.567,89',
      '🇦🇷🇦🇷',
      'a'.repeat(10_000),
      'ñandú ÑANDÚ ü',
      '\u0000\uffff\ud800',
    ])('returns a well-formed neutral result for odd input %#', (text) => {
      const result = analyze(text);
      expectWellFormed(result);
      expect(result.label).toBe('neutral');
    });

    it('handles a long multi-sentence message', () => {
      const text = 'Estoy contento con la cartera. '.repeat(300) + '¿Qué opinan?';
      const result = analyze(text);
      expectWellFormed(result);
      expect(result.label).toBe('positive');
    });
  });

  describe('analyze', () => {
    it('resolves to the same result as analyzeSync', async () => {
      const text = 'Bárbaro, otra comisión';
      await expect(analyzer.analyze(text)).resolves.toEqual(analyze(text));
    });
  });
});
