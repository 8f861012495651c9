import request from 'supertest';
import { LexiconSentimentAnalyzer } from '../../src/modules/sentiment/lexicon-sentiment.analyzer';
import { HYBRID_THRESHOLD } from '../../src/modules/sentiment/hybrid-sentiment.analyzer';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';

describe('SENTIMENT_MODE=hybrid', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;
  const auth = { Authorization: `Bearer ${tokenFor('hy')}` };
  const local = new LexiconSentimentAnalyzer();

  beforeAll(async () => {
    await llm.start();
    t = await bootApp(
      testConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url, SENTIMENT_MODE: 'hybrid' }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('asks the LLM, with a JSON schema and masked identifiers, only when the local analyzer is unsure', async () => {
    const unsure = 'Mañana veo qué hago con lo de la cuenta 20-05536168-2';
    expect(local.analyzeSync(unsure).confidence).toBeLessThan(HYBRID_THRESHOLD);
    llm.enqueue({ text: '{"label":"negative","score":-0.6,"confidence":0.85}' });
    const res = await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(auth)
      .send({ text: unsure })
      .expect(200);
    expect(res.body).toMatchObject({ label: 'negative', score: -0.6, confidence: 0.85 });
    const body = llm.last.body as unknown as {
      response_format?: { type: string; json_schema?: { name: string } };
    };
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'sentiment' },
    });
    expect(JSON.stringify(llm.last.body)).not.toContain('20-05536168-2');

    const calls = llm.requests.length;
    const sure = 'Estoy re contento, todo verde, la está rompiendo 🚀';
    expect(local.analyzeSync(sure).confidence).toBeGreaterThanOrEqual(HYBRID_THRESHOLD);
    const confident = await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(auth)
      .send({ text: sure })
      .expect(200);
    expect(confident.body.label).toBe('positive');
    expect(llm.requests.length).toBe(calls);
  });

  it('keeps the local result when the LLM answers nonsense or fails', async () => {
    llm.enqueue({ text: 'no es json' }, { status: 500 });
    const text = 'Mañana veo qué hago con lo de la semana pasada';
    const expected = local.analyzeSync(text);
    for (let i = 0; i < 2; i++) {
      const res = await request(t.url)
        .post('/api/chat/analyze-sentiment')
        .set(auth)
        .send({ text })
        .expect(200);
      expect(res.body.label).toBe(expected.label);
      expect(res.body.confidence).toBe(expected.confidence);
    }
  });

  it('spends the user’s chat budget on analyze-sentiment, so it cannot run up LLM calls', async () => {
    const limited = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        SENTIMENT_MODE: 'hybrid',
        RATE_LIMIT_CHAT_PER_MIN: '2',
      }),
    );
    try {
      const unsure = 'Mañana veo qué hago con lo de la cuenta';
      const who = { Authorization: `Bearer ${tokenFor('hy-budget')}` };
      const calls = llm.requests.length;
      for (let i = 0; i < 2; i++) {
        llm.enqueue({ text: '{"label":"neutral","score":0,"confidence":0.9}' });
        await request(limited.url)
          .post('/api/chat/analyze-sentiment')
          .set(who)
          .send({ text: unsure })
          .expect(200);
      }
      const refused = await request(limited.url)
        .post('/api/chat/analyze-sentiment')
        .set(who)
        .send({ text: unsure })
        .expect(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(llm.requests.length - calls).toBeLessThanOrEqual(2);
    } finally {
      await limited.close();
    }
  });
});
