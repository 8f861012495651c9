import { createServer, Server } from 'node:net';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';

/** A port that refuses connections (nothing listens there). */
async function refusedUrl(): Promise<string> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('LLM failover: a fallback provider and Azure OpenAI', () => {
  const primary = new FakeOpenAi();
  const fallback = new FakeOpenAi();
  const azure = new FakeOpenAi();
  const apps: TestApp[] = [];
  const auth = (u: string) => ({ Authorization: `Bearer ${tokenFor(u)}` });
  const ask = (t: TestApp, user: string, message = '¿Qué es un bono?') =>
    request(t.url).post('/api/chat/message').set(auth(user)).send({ message });
  const boot = async (env: Record<string, string>) => {
    const t = await bootApp(testConfig({ OPENAI_MAX_RETRIES: '0', ...env }));
    apps.push(t);
    return t;
  };
  const withFallback = (extra: Record<string, string> = {}) =>
    boot({
      OPENAI_API_KEY: 'primary-key',
      OPENAI_BASE_URL: primary.url,
      OPENAI_MODEL: 'primary-model',
      OPENAI_FALLBACK_BASE_URL: fallback.url,
      OPENAI_FALLBACK_API_KEY: 'fallback-key',
      OPENAI_FALLBACK_MODEL: 'fallback-model',
      OPENAI_TIMEOUT_MS: '1500',
      ...extra,
    });

  beforeAll(async () => {
    await Promise.all([primary.start(), fallback.start(), azure.start()]);
    primary.defaultReply = { text: 'Respuesta del primario.' };
    fallback.defaultReply = { text: 'Respuesta del respaldo.' };
    azure.defaultReply = { text: 'Respuesta de Azure.' };
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
    await Promise.all([primary.stop(), fallback.stop(), azure.stop()]);
  });
  beforeEach(() => {
    for (const f of [primary, fallback, azure]) f.requests.length = 0;
  });

  it.each([
    ['a 500', [{ status: 500 }], '0'],
    [
      'a 429, after its own retry honouring retry-after',
      [
        { status: 429, retryAfterS: 1 },
        { status: 429, retryAfterS: 1 },
      ],
      '1',
    ],
    ['a timeout', [{ hang: true }], '0'],
  ] as const)(
    'answers from the fallback when the primary fails before its first token with %s',
    async (_, replies, retries) => {
      const t = await withFallback({ OPENAI_MAX_RETRIES: retries });
      primary.enqueue(...replies);
      const res = await ask(t, 'f1').expect(200);
      expect(res.body).toMatchObject({
        response: 'Respuesta del respaldo.',
        model: 'fallback-model',
      });
      expect(res.body.degraded).toBeUndefined();
      expect(primary.requests).toHaveLength(replies.length);
      expect(fallback.requests).toHaveLength(1);
      expect(fallback.last.headers.authorization).toBe('Bearer fallback-key');
      expect(fallback.last.body.model).toBe('fallback-model');
      const metrics = await request(t.url).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/llm_requests_total\{provider="openai",outcome="failed"\} 1/);
      expect(metrics.text).toMatch(
        /llm_requests_total\{provider="openai_fallback",outcome="ok"\} 1/,
      );
    },
  );

  it('answers from the fallback when the primary refuses connections', async () => {
    const t = await withFallback({ OPENAI_BASE_URL: await refusedUrl() });
    const res = await ask(t, 'f2').expect(200);
    expect(res.body).toMatchObject({
      response: 'Respuesta del respaldo.',
      model: 'fallback-model',
    });
  });

  it('goes straight to the fallback while the primary circuit is open, and the primary model answers when it is healthy', async () => {
    const t = await withFallback({ LLM_BREAKER_FAILURES: '2', LLM_BREAKER_RESET_MS: '60000' });
    const ok = await ask(t, 'f3').expect(200);
    expect(ok.body.model).toBe('primary-model');
    primary.enqueue({ status: 500 }, { status: 500 });
    await ask(t, 'f3').expect(200);
    await ask(t, 'f3').expect(200);
    primary.requests.length = 0;
    const res = await ask(t, 'f3').expect(200);
    expect(res.body.model).toBe('fallback-model');
    expect(primary.requests).toHaveLength(0);
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.services.openai).toBe('healthy');
    expect(health.body.detail.llm).toEqual([
      expect.objectContaining({ name: 'openai', model: 'primary-model', circuit: 'open' }),
      expect.objectContaining({
        name: 'openai_fallback',
        model: 'fallback-model',
        circuit: 'closed',
      }),
    ]);
  });

  it('keeps a partial answer and does not retry elsewhere once tokens have streamed', async () => {
    const t = await withFallback();
    primary.enqueue({ chunks: ['Una ', 'respuesta ', 'cortada'], cutAfter: 2 });
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth('f4'))
      .send({ message: 'hola' });
    expect(res.status).toBe(503);
    expect(fallback.requests).toHaveLength(0);
  });

  it('falls back to the offline assistant last, marked degraded, when both fail', async () => {
    const t = await withFallback({ LLM_FALLBACK: 'offline' });
    primary.enqueue({ status: 500 });
    fallback.enqueue({ status: 503 });
    const res = await ask(t, 'f5', '¿Qué es un CEDEAR?').expect(200);
    expect(res.body.degraded).toBe(true);
    expect(primary.requests).toHaveLength(1);
    expect(fallback.requests).toHaveLength(1);
  });

  it('talks to Azure OpenAI as the primary: deployment path, api-version and api-key header', async () => {
    const t = await boot({
      AZURE_OPENAI_ENDPOINT: azure.url.replace(/\/v1$/, ''),
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'gpt4o-prod',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
    });
    const res = await ask(t, 'az1').expect(200);
    expect(res.body.response).toBe('Respuesta de Azure.');
    expect(azure.last.url).toBe(
      '/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    );
    expect(azure.last.headers['api-key']).toBe('azure-key');
    expect(azure.last.headers.authorization).toBeUndefined();
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.mode.llm).toBe('azure-openai');
    expect(health.body.detail.llm).toEqual([
      expect.objectContaining({ name: 'azure', provider: 'azure.ai.openai', model: 'gpt4o-prod' }),
    ]);
  });

  it('uses Azure OpenAI as the fallback with LLM_FALLBACK_PROVIDER=azure', async () => {
    const t = await boot({
      OPENAI_API_KEY: 'primary-key',
      OPENAI_BASE_URL: primary.url,
      OPENAI_MODEL: 'primary-model',
      AZURE_OPENAI_ENDPOINT: azure.url.replace(/\/v1$/, ''),
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'gpt4o-backup',
      LLM_FALLBACK_PROVIDER: 'azure',
    });
    primary.enqueue({ status: 502 });
    const res = await ask(t, 'az2').expect(200);
    expect(res.body.response).toBe('Respuesta de Azure.');
    expect(azure.last.url).toMatch(
      /^\/openai\/deployments\/gpt4o-backup\/chat\/completions\?api-version=/,
    );
  });
});
