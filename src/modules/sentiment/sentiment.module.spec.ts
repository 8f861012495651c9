import { Test } from '@nestjs/testing';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentModule } from './sentiment.module';
import { SentimentAnalyzer } from './sentiment.types';

describe('SentimentModule', () => {
  it('provides the lexicon analyzer behind the SentimentAnalyzer port', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SentimentModule] }).compile();
    const port = moduleRef.get(SentimentAnalyzer);
    expect(port).toBeInstanceOf(LexiconSentimentAnalyzer);
    await expect(port.analyze('Todo verde hoy')).resolves.toMatchObject({ label: 'positive' });
  });

  it('also exports the concrete analyzer for callers that need analyzeSync', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SentimentModule] }).compile();
    const analyzer = moduleRef.get(LexiconSentimentAnalyzer);
    expect(analyzer.analyzeSync('Qué bronca').label).toBe('negative');
  });
});
