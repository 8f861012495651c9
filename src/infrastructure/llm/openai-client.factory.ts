import OpenAI, { AzureOpenAI } from 'openai';
import type { LlmEndpoint } from '../../config/app-config';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface ModelClient {
  client: OpenAI;
  /** The model (or Azure deployment) to ask for. */
  model: string;
  /** The GenAI `provider.name` of the endpoint, also the `provider` label of the metrics. */
  provider: 'openai' | 'azure.ai.openai';
}

/**
 * One SDK client per endpoint: the plain client for OpenAI and compatible servers, the SDK's
 * Azure client for Azure OpenAI (`/openai/deployments/{deployment}/chat/completions?api-version=…`
 * with an `api-key` header). Every URL is passed explicitly, so the SDK never falls back to
 * reading OPENAI_BASE_URL itself (a fallback endpoint must not inherit the primary's URL).
 */
export function createModelClient(
  endpoint: LlmEndpoint,
  options: { timeoutMs: number; maxRetries: number; fetch: typeof fetch },
): ModelClient {
  const common = {
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: options.fetch,
  };
  if (endpoint.kind === 'azure') {
    return {
      client: new AzureOpenAI({
        ...common,
        apiKey: endpoint.apiKey,
        apiVersion: endpoint.apiVersion,
        deployment: endpoint.deployment,
        baseURL: `${endpoint.endpoint}/openai`,
      }),
      model: endpoint.deployment,
      provider: 'azure.ai.openai',
    };
  }
  return {
    client: new OpenAI({
      ...common,
      apiKey: endpoint.apiKey,
      baseURL: endpoint.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
    }),
    model: endpoint.model,
    provider: 'openai',
  };
}
