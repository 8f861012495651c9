import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentLexicon } from './sentiment-lexicon';
import { FLAG_IRONIC } from './lexicon-entry';

const analyzer = new LexiconSentimentAnalyzer();
const label = (text: string) => analyzer.analyzeSync(text).label;

describe('SentimentScorer', () => {
  it('reads a refusal as negating the praise it governs', () => {
    expect(label('ni en pedo les recomiendo este banco')).toBe('negative');
    expect(label('ni loco recomiendo esta billetera')).toBe('negative');
    expect(label('recomiendo esta billetera')).toBe('positive');
  });

  it('reads "pero bueno" after a complaint as resignation, not praise', () => {
    expect(label('la app se cuelga todo el tiempo pero bueno')).toBe('negative');
    const resigned = analyzer.analyzeSync('la app se cuelga todo el tiempo pero bueno');
    expect(resigned.keywords).not.toContain('bueno');
  });
});

describe('ironic lexicon groups', () => {
  it('rejects an ironic term that is not listed as praise', () => {
    expect(() => new SentimentLexicon([{ kind: 'ironic', terms: ['qué suerte'] }])).toThrow(
      /listed first as praise/,
    );
  });

  it('sets the ironic flag on the praise', () => {
    const lexicon = new SentimentLexicon([
      { kind: 'polar', terms: { divino: 2 } },
      { kind: 'ironic', terms: ['divino'] },
    ]);
    expect((lexicon.word('divino')?.flags ?? 0) & FLAG_IRONIC).toBe(FLAG_IRONIC);
  });
});
