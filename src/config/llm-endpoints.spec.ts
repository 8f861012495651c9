import { ConfigError, loadConfig } from './load-config';

const base = {
  ENVIRONMENT: 'test',
  JWT_SECRET_KEY: 'x'.repeat(40),
  DATA_DIR: '/tmp/llm-endpoints-spec',
};
const endpoints = (env: Record<string, string>) => loadConfig({ ...base, ...env }).llm.endpoints;
const azure = {
  AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/',
  AZURE_OPENAI_API_KEY: 'ak',
  AZURE_OPENAI_DEPLOYMENT: 'dep',
};

describe('LLM endpoints from the environment', () => {
  it('has none without OPENAI_API_KEY or Azure: the offline assistant answers', () => {
    expect(endpoints({})).toEqual([]);
  });

  it('uses Azure as the primary when OPENAI_API_KEY is unset, with a default api-version', () => {
    expect(endpoints(azure)).toEqual([
      {
        kind: 'azure',
        endpoint: 'https://res.openai.azure.com',
        apiKey: 'ak',
        deployment: 'dep',
        apiVersion: '2024-10-21',
      },
    ]);
  });

  it('puts OpenAI first and Azure second with LLM_FALLBACK_PROVIDER=azure', () => {
    const list = endpoints({ OPENAI_API_KEY: 'k', ...azure, LLM_FALLBACK_PROVIDER: 'azure' });
    expect(list.map((e) => e.kind)).toEqual(['openai', 'azure']);
  });

  it('builds an OpenAI-compatible fallback that never inherits the primary base URL', () => {
    const list = endpoints({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://primary.local/v1',
      OPENAI_MODEL: 'big',
      OPENAI_FALLBACK_MODEL: 'small',
    });
    expect(list[1]).toEqual({ kind: 'openai', apiKey: 'k', baseUrl: null, model: 'small' });
  });

  it.each([
    [{ AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' }, /set all three or none/],
    [{ LLM_FALLBACK_PROVIDER: 'azure', OPENAI_API_KEY: 'k' }, /LLM_FALLBACK_PROVIDER/],
    [{ LLM_FALLBACK_PROVIDER: 'azure', ...azure }, /LLM_FALLBACK_PROVIDER/],
    [{ OPENAI_FALLBACK_MODEL: 'small' }, /needs a primary/],
    [{ ...azure, AZURE_OPENAI_API_VERSION: 'latest' }, /AZURE_OPENAI_API_VERSION/],
  ])('refuses an incomplete or contradictory setting (%o)', (env, message) => {
    expect(() => endpoints(env)).toThrow(ConfigError);
    expect(() => endpoints(env)).toThrow(message);
  });
});
