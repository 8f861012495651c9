import {
  FLAG_PERSONAL,
  KIND_DIRECTION,
  KIND_POLAR,
  NO_SUBJECT,
  type LexPhrase,
} from './lexicon-entry';
import { DEFAULT_LEXICON, type LexiconGroup } from './lexicon';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentLexicon } from './sentiment-lexicon';

const TINY: LexiconGroup[] = [
  { kind: 'polar', terms: { 'preocup*': -2, 'se fue a pique': -2.5, excelente: 2, desastre: -2 } },
  { kind: 'direction', terms: { subió: [1.2, 0.6] } },
  { kind: 'subject', sign: -1, terms: ['inflación'] },
  { kind: 'polar', topical: true, terms: { ganancia: 1 } },
  { kind: 'subject', sign: 1, terms: ['ganancia'] },
];

describe('SentimentLexicon', () => {
  const lexicon = new SentimentLexicon(TINY);

  it('compiles the default lexicon without duplicates', () => {
    expect(() => new SentimentLexicon(DEFAULT_LEXICON)).not.toThrow();
  });

  it('rejects a term listed twice, even with different accents', () => {
    const twice: LexiconGroup[] = [
      { kind: 'polar', terms: { pánico: -2 } },
      { kind: 'polar', terms: { panico: -1 } },
    ];
    expect(() => new SentimentLexicon(twice)).toThrow(/listed twice/);
  });

  it('matches stems against any ending, keeping the longest stem', () => {
    expect(lexicon.lookupWord('preocupadisimo')?.term).toBe('preocup*');
    expect(lexicon.lastBoost).toBeGreaterThan(1);
  });

  it('indexes phrases by their first word', () => {
    const buckets: never[][] = [];
    expect(lexicon.phrasesFor('se', false, buckets, 0)).toBe(1);
  });

  it('lets "#" in a phrase stand for any count, in digits or words', () => {
    const counted = new LexiconSentimentAnalyzer([
      { kind: 'polar', terms: { 'hace # días que': -1.5, '# de 10': 2 } },
    ]);
    expect(counted.analyzeSync('hace 4 días que espero').label).toBe('negative');
    expect(counted.analyzeSync('hace tres días que espero').label).toBe('negative');
    expect(counted.analyzeSync('hace días que espero').label).toBe('neutral');
    expect(counted.analyzeSync('10 de 10 la atención').label).toBe('positive');
  });

  it('marks personal words, also inside phrases and on entries with another role', () => {
    const personal = new SentimentLexicon([
      { kind: 'subject', sign: 1, terms: ['cartera'] },
      { kind: 'contrast', terms: ['y yo'] },
      { kind: 'personal', terms: ['yo', 'cartera'] },
    ]);
    expect((personal.word('cartera')?.flags ?? 0) & FLAG_PERSONAL).toBeTruthy();
    expect(personal.word('cartera')?.subject).toBe(1);
    const buckets: LexPhrase[][] = [];
    personal.phrasesFor('y', false, buckets, 0);
    expect(buckets[0][0].entry.flags & FLAG_PERSONAL).toBeTruthy();
  });

  it('lets a subject share an entry with a polar term', () => {
    const ganancia = lexicon.word('ganancia');
    expect(ganancia?.kind).toBe(KIND_POLAR);
    expect(ganancia?.subject).toBe(1);
    expect(lexicon.word('excelente')?.subject).toBe(NO_SUBJECT);
    expect(lexicon.word('subio')?.kind).toBe(KIND_DIRECTION);
  });

  it('corrects one missing or extra letter in long words only', () => {
    expect(lexicon.lookupWord('exelente')?.term).toBe('excelente');
    expect(lexicon.lookupWord('desastrre')?.term).toBe('desastre');
    expect(lexicon.lookupWord('desatre')?.term).toBe('desastre');
    expect(lexicon.lookupWord('subiro')).toBeUndefined();
  });

  it('remembers a lookup with its boost: a repeat gives the same entry and multiplier', () => {
    const fresh = new SentimentLexicon(TINY);
    const words = ['reexcelente', 'preocupadisimo', 'exelente', 'subiro', 'reexcelente', 'exelente'];
    const first = words.map((w) => [fresh.lookupWord(w)?.term, fresh.lastBoost]);
    const again = words.map((w) => [fresh.lookupWord(w)?.term, fresh.lastBoost]);
    expect(again).toEqual(first);
    expect(first[0]).toEqual(['excelente', 1.4]);
    expect(first[2]).toEqual(['excelente', 1]);
    expect(first[3]).toEqual([undefined, 1]);
    // After a boosted lookup, a remembered plain one resets the multiplier.
    fresh.lookupWord('reexcelente');
    fresh.lookupWord('exelente');
    expect(fresh.lastBoost).toBe(1);
  });

  it('reads a glued "re" as an intensifier of the word', () => {
    expect(lexicon.lookupWord('reexcelente')?.term).toBe('excelente');
    expect(lexicon.lastBoost).toBeGreaterThan(1);
  });

  it('reads augmentatives and diminutives of known words', () => {
    expect(lexicon.lookupWord('desastrazo')?.term).toBe('desastre');
    expect(lexicon.lastBoost).toBeGreaterThan(1);
  });

  it('drives the analyzer when injected as a replacement lexicon', () => {
    const analyzer = new LexiconSentimentAnalyzer(TINY);
    expect(analyzer.analyzeSync('¡Subió la inflación!').label).toBe('negative');
    expect(analyzer.analyzeSync('Qué bronca').label).toBe('neutral');
  });
});
