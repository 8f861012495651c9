import { Logger } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import type { Agent } from 'undici';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { LlmEndpoint } from '../../config/app-config';
import {
  LlmClient,
  LlmCompleteRequest,
  LlmMessage,
  LlmResult,
  LlmStreamRequest,
  LlmUnavailableError,
  LlmUsage,
} from '../../modules/llm/llm-client';
import { genAiRequestAttributes, recordGenAiResponse } from '../tracing/gen-ai';
import { inSpan, SpanKind } from '../tracing/spans';
import { createModelClient } from './openai-client.factory';
import { ToolCallAssembler } from './tool-call-assembler';
import { createUndiciFetch } from './undici-fetch';

export interface LlmCallSettings {
  timeoutMs: number;
  maxRetries: number;
  maxTokens: number;
}

/**
 * The official SDK against one endpoint: OpenAI, any OpenAI-compatible server, or Azure OpenAI
 * (the SDK's Azure client). The SDK retries 408/409/429/5xx with backoff honouring
 * `retry-after`; the timeout is explicit (its default is ten minutes). Each call is one span
 * with the GenAI semantic conventions (no prompt or answer text).
 */
export class OpenAiLlmClient extends LlmClient {
  readonly model: string;
  /** The GenAI provider name: `openai` or `azure.ai.openai`. */
  readonly provider: 'openai' | 'azure.ai.openai';
  private readonly client: OpenAI;
  private readonly logger: Logger;
  /** Outcome of the latest real call, for /health. */
  lastOutcome: { ok: boolean; at: number } | null = null;

  constructor(
    endpoint: LlmEndpoint,
    private readonly settings: LlmCallSettings,
    agent: Agent,
    /** How logs and metrics name this endpoint (`openai`, `azure`, `openai_fallback`, …). */
    readonly name: string,
  ) {
    super();
    const made = createModelClient(endpoint, {
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      fetch: createUndiciFetch(agent),
    });
    this.client = made.client;
    this.model = made.model;
    this.provider = made.provider;
    this.logger = new Logger(`LlmClient:${name}`);
  }

  stream(req: LlmStreamRequest, onDelta: (text: string) => void): Promise<LlmResult> {
    return inSpan(
      `chat ${this.model}`,
      genAiRequestAttributes(this.provider, this.model),
      async (span) => {
        const result = await this.streamRound(req, onDelta);
        recordGenAiResponse(span, result);
        return result;
      },
      { kind: SpanKind.CLIENT },
    );
  }

  private async streamRound(
    req: LlmStreamRequest,
    onDelta: (text: string) => void,
  ): Promise<LlmResult> {
    let finishReason: LlmResult['finishReason'] = 'stop';
    let usage: LlmUsage | undefined;
    let model = this.model;
    let finished = false;
    const toolCalls = new ToolCallAssembler();
    // The SDK's timeout ends once the response headers arrive; a stream that then goes silent
    // would hold the request and the user's answer lock until undici's 300 s body timeout.
    const idle = new IdleWatch(this.settings.timeoutMs, req.signal);
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: toOpenAiMessages(req.messages),
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: req.maxTokens ?? this.settings.maxTokens,
          ...(req.tools?.length
            ? {
                tools: req.tools.map((t) => ({
                  type: 'function' as const,
                  function: { name: t.name, description: t.description, parameters: t.parameters },
                })),
              }
            : {}),
        },
        { signal: idle.signal },
      );
      idle.arm();
      for await (const chunk of stream) {
        idle.arm();
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = pickUsage(chunk.usage);
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) onDelta(delta);
        if (choice?.delta?.tool_calls) toolCalls.push(choice.delta.tool_calls);
        if (choice?.finish_reason) finished = true;
        if (choice?.finish_reason === 'length') finishReason = 'length';
        if (choice?.finish_reason === 'tool_calls') finishReason = 'tool_calls';
      }
    } catch (err) {
      if (!idle.stalled) throw this.translate(err);
    } finally {
      idle.dispose();
    }
    // The SDK ends the iteration quietly when the request is aborted.
    req.signal?.throwIfAborted();
    if (idle.stalled) {
      this.lastOutcome = { ok: false, at: Date.now() };
      this.logger.warn(`LLM stream stalled: no data for ${this.settings.timeoutMs} ms`);
      throw new LlmUnavailableError('LLM stream stalled', true);
    }
    if (!finished) {
      this.lastOutcome = { ok: false, at: Date.now() };
      throw new LlmUnavailableError('LLM stream ended before the answer was complete', true);
    }
    this.lastOutcome = { ok: true, at: Date.now() };
    const calls = toolCalls.done();
    return { finishReason, model, usage, ...(calls.length > 0 ? { toolCalls: calls } : {}) };
  }

  complete(req: LlmCompleteRequest): Promise<{ text: string; usage?: LlmUsage }> {
    return inSpan(
      `chat ${this.model}`,
      genAiRequestAttributes(this.provider, this.model),
      async (span: Span) => {
        const done = await this.completeOnce(req);
        recordGenAiResponse(span, { model: done.model, usage: done.usage });
        return { text: done.text, ...(done.usage ? { usage: done.usage } : {}) };
      },
      { kind: SpanKind.CLIENT },
    );
  }

  private async completeOnce(
    req: LlmCompleteRequest,
  ): Promise<{ text: string; model: string; usage?: LlmUsage }> {
    try {
      const res = await this.client.chat.completions.create(
        {
          model: this.model,
          messages: toOpenAiMessages(req.messages),
          max_tokens: req.maxTokens ?? 400,
          ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          ...(req.jsonSchema
            ? { response_format: { type: 'json_schema' as const, json_schema: req.jsonSchema } }
            : {}),
        },
        { signal: req.signal, ...(req.retry === false ? { maxRetries: 0 } : {}) },
      );
      this.lastOutcome = { ok: true, at: Date.now() };
      return {
        text: res.choices[0]?.message?.content ?? '',
        model: res.model || this.model,
        usage: res.usage ? pickUsage(res.usage) : undefined,
      };
    } catch (err) {
      throw this.translate(err);
    }
  }

  /** A cheap reachability check (lists models), without retries. */
  async probe(timeoutMs: number): Promise<boolean> {
    try {
      await this.client.models.list({ timeout: timeoutMs, maxRetries: 0 });
      return true;
    } catch (err) {
      // Some compatible servers do not implement /models: any HTTP answer means it is up.
      return err instanceof APIError && err.status !== undefined && err.status < 500;
    }
  }

  /** Never passes an upstream error body on: only its status reaches logs and callers. */
  private translate(err: unknown): Error {
    if (err instanceof APIUserAbortError) return err;
    if (err instanceof Error && err.name === 'AbortError') return err;
    this.lastOutcome = { ok: false, at: Date.now() };
    if (err instanceof APIConnectionTimeoutError) {
      this.logger.warn('LLM request timed out');
      return new LlmUnavailableError('LLM request timed out', true);
    }
    if (err instanceof APIError) {
      const status: number | undefined = typeof err.status === 'number' ? err.status : undefined;
      this.logger.warn(`LLM request failed with status ${String(status ?? 'none')}`);
      const retryable = status === undefined || status === 429 || status >= 500;
      return new LlmUnavailableError(
        `LLM request failed (${String(status ?? 'connection')})`,
        retryable,
        status,
      );
    }
    this.logger.warn(`LLM stream failed: ${err instanceof Error ? err.name : 'unknown'}`);
    return new LlmUnavailableError('LLM stream failed', true);
  }
}

/**
 * Aborts the upstream request when no chunk arrives within `ms` once armed; the caller's own
 * signal still aborts it too.
 */
class IdleWatch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private readonly onOuterAbort = () => this.controller.abort();
  stalled = false;

  constructor(
    private readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(): void {
    if (this.timer) this.timer.refresh();
    else
      this.timer = setTimeout(() => {
        this.stalled = true;
        this.controller.abort();
      }, this.ms);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

function pickUsage(u: {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}): LlmUsage {
  const prompt = u.prompt_tokens ?? 0;
  const completion = u.completion_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: u.total_tokens ?? prompt + completion,
  };
}

function toOpenAiMessages(messages: LlmMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      return {
        role: 'assistant',
        content: m.content,
        tool_calls: m.tool_calls.map((c) => ({
          id: c.id,
          type: 'function' as const,
          function: { name: c.name, arguments: c.arguments },
        })),
      };
    }
    if (m.role === 'tool')
      return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
    return { role: m.role, content: m.content };
  });
}
