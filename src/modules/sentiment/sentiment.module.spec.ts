import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '../../config/config.module';
import { loadConfig } from '../../config/load-config';
import { HybridSentimentAnalyzer } from './hybrid-sentiment.analyzer';
import { LexiconSentimentAnalyzer } from './lexicon-sentiment.analyzer';
import { SentimentModule } from './sentiment.module';
import { SentimentAnalyzer } from './sentiment.types';

const config = (env: Record<string, string> = {}) =>
  ConfigModule.forRoot(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'sent-')), ...env }));

describe('SentimentModule', () => {
  it('uses the hybrid analyzer only with SENTIMENT_MODE=hybrid and an LLM configured', async () => {
    const hybrid = await Test.createTestingModule({
      imports: [config({ SENTIMENT_MODE: 'hybrid', OPENAI_API_KEY: 'k' }), SentimentModule],
    }).compile();
    expect(hybrid.get(SentimentAnalyzer)).toBeInstanceOf(HybridSentimentAnalyzer);
    const noLlm = await Test.createTestingModule({
      imports: [config({ SENTIMENT_MODE: 'hybrid' }), SentimentModule],
    }).compile();
    expect(noLlm.get(SentimentAnalyzer)).toBeInstanceOf(LexiconSentimentAnalyzer);
  });

  it('provides the lexicon analyzer behind the SentimentAnalyzer port', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [config(), SentimentModule],
    }).compile();
    const port = moduleRef.get(SentimentAnalyzer);
    expect(port).toBeInstanceOf(LexiconSentimentAnalyzer);
    await expect(port.analyze('Todo verde hoy')).resolves.toMatchObject({ label: 'positive' });
  });

  it('also exports the concrete analyzer for callers that need analyzeSync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [config(), SentimentModule],
    }).compile();
    const analyzer = moduleRef.get(LexiconSentimentAnalyzer);
    expect(analyzer.analyzeSync('Qué bronca').label).toBe('negative');
  });
});
