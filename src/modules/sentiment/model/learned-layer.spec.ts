import { loadSet, trainWeights, weightsHash } from '../../../cli/train-sentiment';
import { DEFAULT_LEXICON } from '../lexicon';
import { LexiconSentimentAnalyzer } from '../lexicon-sentiment.analyzer';
import type { SentimentLabel } from '../sentiment.types';
import WEIGHTS from './weights.json';
import { FEATURE_DIM, HASHED_DIM } from './features';
import { LearnedLayer } from './learned-layer';
import { LinearModel, MODEL_LABELS, type ModelWeightsFile } from './linear-model';
import { DEFAULT_TRAIN_OPTIONS } from './trainer';

const file = WEIGHTS as ModelWeightsFile;
const analyzer = new LexiconSentimentAnalyzer();
const rules = new LexiconSentimentAnalyzer(undefined, null);

describe('LearnedLayer', () => {
  it('loads the shipped weights with the feature layout it was trained on', () => {
    const model = LinearModel.fromFile(file);
    expect(model.w).toHaveLength(FEATURE_DIM * MODEL_LABELS.length);
    expect(file.hashed.every((b) => Buffer.from(b, 'base64').length === HASHED_DIM)).toBe(true);
    expect(file.temperature).toBeGreaterThan(0);
    expect(() => LinearModel.fromFile({ ...file, hashBits: 12 })).toThrow(/feature layout/);
  });

  it('is deterministic: same text, same result, on any instance', () => {
    const text = 'Bárbaro, otra comisión que no me avisaron 🙃';
    const first = analyzer.analyzeSync(text);
    analyzer.analyzeSync('Subió YPF un 6% hoy, todo verde 🚀');
    expect(analyzer.analyzeSync(text)).toEqual(first);
    expect(new LexiconSentimentAnalyzer().analyzeSync(text)).toEqual(first);
  });

  it.each<[string, SentimentLabel]>([
    ['Excelente la atención, me resolvieron todo en cinco minutos', 'positive'],
    ['Me cobraron una comisión que nadie me explicó, un robo', 'negative'],
    ['¿A qué hora abre el mercado mañana?', 'neutral'],
    ['No estoy preocupado por la baja de hoy', 'positive'],
    ['Qué lindo, otra vez se cayó la app justo cuando quería vender 🙃', 'negative'],
    ['Pasame el resumen de la tarjeta de este mes', 'neutral'],
  ])('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });

  it('keeps the rules\u2019 score, confidence, emotions and keywords when it agrees', () => {
    const text = 'Estoy re preocupado con el dólar';
    expect(analyzer.analyzeSync(text)).toEqual(rules.analyzeSync(text));
  });

  it('places an overriding score in the band of its label', () => {
    const layer = LearnedLayer.fromFile(file);
    const texts = [
      'No estoy preocupado',
      'Si sube el dólar estoy frito',
      'todo muy lindo hasta que quise retirar',
      'me encanta esperar 40 minutos en la fila',
    ];
    for (const text of texts) {
      const s = new LexiconSentimentAnalyzer(undefined, layer).analyzeSync(text);
      if (s.label === 'positive') expect(s.score).toBeGreaterThanOrEqual(0.2);
      if (s.label === 'negative') expect(s.score).toBeLessThanOrEqual(-0.2);
      if (s.label === 'neutral') expect(Math.abs(s.score)).toBeLessThan(0.2);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('runs a replacement lexicon on its rules alone', () => {
    const custom = new LexiconSentimentAnalyzer(DEFAULT_LEXICON);
    const text = 'Si sube el dólar estoy frito';
    expect(custom.analyzeSync(text)).toEqual(rules.analyzeSync(text));
  });

  it.each<[string, SentimentLabel]>([
    ['No estoy preocupado', 'positive'],
    ['Bajó el MERVAL', 'neutral'],
    ['Bajó el MERVAL y yo con todo adentro', 'negative'],
    ['Subió la inflación', 'negative'],
    ['Bajó la cartera, sin embargo confío en el plan', 'positive'],
    ['andaba joya la billetera hasta que la actualizaron', 'negative'],
    ['???!!!', 'neutral'],
  ])('reads "%s" as %s', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });

  it('keeps the rules\u2019 reading of a headline\u2019s market move against its subject', () => {
    // Without the guard the model reads "bajó" as good news whatever went down.
    const text = 'Bajó el MERVAL';
    expect(rules.analyzeSync(text).score).toBeLessThan(0);
    expect(analyzer.analyzeSync(text).score).toBeLessThan(0);
  });

  // Known misses of the shipped weights where the rules were right: the model overrides
  // them. Fix them with training data, then turn these into plain tests.
  it.failing.each<[string, SentimentLabel]>([
    ['cobré el aguinaldo, genial 👏', 'positive'],
    ['el informe semanal es oro', 'positive'],
  ])('reads "%s" as %s (known miss)', (text, label) => {
    expect(analyzer.analyzeSync(text).label).toBe(label);
  });

  it('trains reproducibly: same data and seed, same weights', () => {
    const dev = [loadSet('eval/sentiment-dev.jsonl', rules)];
    const opts = { ...DEFAULT_TRAIN_OPTIONS, epochs: 3 };
    const a = weightsHash(trainWeights(dev, opts));
    expect(weightsHash(trainWeights(dev, opts))).toBe(a);
    expect(weightsHash(trainWeights(dev, { ...opts, seed: opts.seed + 1 }))).not.toBe(a);
  });
});
