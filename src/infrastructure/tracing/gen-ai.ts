import type { Attributes, Span } from '@opentelemetry/api';

/**
 * Attributes of an LLM call after the OpenTelemetry GenAI semantic conventions
 * (`gen_ai.*`): operation, provider, requested and answering model, token usage. Never the
 * prompt or the completion text.
 */
export function genAiRequestAttributes(provider: string, requestModel: string): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    // The older name of the same attribute, still read by many backends.
    'gen_ai.system': provider,
    'gen_ai.request.model': requestModel,
  };
}

export function recordGenAiResponse(
  span: Span,
  result: {
    model?: string;
    usage?: { prompt_tokens: number; completion_tokens: number };
    finishReason?: string;
  },
): void {
  if (result.model) span.setAttribute('gen_ai.response.model', result.model);
  if (result.usage) {
    span.setAttribute('gen_ai.usage.input_tokens', result.usage.prompt_tokens);
    span.setAttribute('gen_ai.usage.output_tokens', result.usage.completion_tokens);
  }
  if (result.finishReason)
    span.setAttribute('gen_ai.response.finish_reasons', [result.finishReason]);
}
