import { readExamples } from '../../../cli/eval-sentiment';
import { LexiconSentimentAnalyzer } from '../lexicon-sentiment.analyzer';

/**
 * The shipped analyzer on the held-out sets, which are never trained on (see docs/sentiment.md).
 * `vivienda` and `genz` were scored before any tuning (0.878 and 0.863) and must stay at 0.90 or
 * more; the two sets sealed until the final model guard against a retraining that trades them away.
 */
const analyzer = new LexiconSentimentAnalyzer();

function accuracy(set: string): number {
  const examples = readExamples(`eval/held-out/sentiment-${set}.jsonl`);
  const right = examples.filter((e) => analyzer.analyzeSync(e.text).label === e.label).length;
  return right / examples.length;
}

describe('held-out sets', () => {
  const scores = Object.fromEntries(
    ['vivienda', 'genz', 'viajeros', 'asalariados'].map((s) => [s, accuracy(s)]),
  );

  it.each(['vivienda', 'genz'])('scores 0.90 or more on %s, scored before tuning', (set) => {
    expect(scores[set]).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the sealed sets near their first runs (0.916 and 0.894)', () => {
    expect(scores.viajeros).toBeGreaterThanOrEqual(0.9);
    expect(scores.asalariados).toBeGreaterThanOrEqual(0.88);
  });

  it('averages 0.90 or more over the four', () => {
    const values = Object.values(scores);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeGreaterThanOrEqual(0.9);
  });
});
