import type { LlmClient, LlmMessage, LlmResult, LlmUsage } from '../../llm/llm-client';
import type { SourceRef } from '../market.types';
import type { ToolCaller, ToolOutcome } from './market-tools';
import type { ToolDefinition } from './tool-definitions';
import type { AuditToolCall } from '../../../infrastructure/database/records';
import { auditToolCall } from './tool-audit';

/** The slice of the LLM client the loop needs. */
export type ToolCapableLlm = Pick<LlmClient, 'stream'>;
export type { LlmMessage as LoopMessage, LlmResult as LoopRoundResult };

export interface ToolLoopInput {
  llm: ToolCapableLlm;
  messages: LlmMessage[];
  tools: ToolDefinition[];
  maxRounds: number;
  signal: AbortSignal;
  caller: ToolCaller;
  run(name: string, args: unknown, caller: ToolCaller): Promise<ToolOutcome>;
  /** Masks what leaves for the model (tool results too). */
  mask(text: string): string;
  onDelta(text: string): void;
  onTool?(tool: string, status: 'started' | 'done' | 'failed'): void;
}

export interface ToolLoopResult {
  finishReason: 'stop' | 'length';
  model: string;
  usage?: LlmUsage;
  /** Every tool run, in order: the figure guard's evidence and the reply's sources. */
  outcomes: ToolOutcome[];
  sources: SourceRef[];
  /** Every tool call as the audit trail keeps it (arguments, source, as-of, status). */
  audit: AuditToolCall[];
}

function abortError(): Error {
  const err = new Error('The answer was stopped');
  err.name = 'AbortError';
  return err;
}

/** Resolves with the promise, or rejects as soon as `signal` aborts (the tool keeps its cache). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseArgs(raw: string): unknown {
  try {
    return raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

const addUsage = (a: LlmUsage | undefined, b: LlmUsage | undefined): LlmUsage | undefined =>
  !a
    ? b
    : !b
      ? a
      : {
          prompt_tokens: a.prompt_tokens + b.prompt_tokens,
          completion_tokens: a.completion_tokens + b.completion_tokens,
          total_tokens: a.total_tokens + b.total_tokens,
        };

/**
 * OpenAI function calling, streamed: while the model asks for tools (at most `maxRounds`
 * rounds), the round's calls run in parallel and their results go back as `tool` messages
 * (masked data, never instructions); the last round is offered no tools, so it must answer.
 * Text streamed in any round reaches `onDelta` as it comes.
 */
export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopResult> {
  const { llm, signal } = input;
  const messages = [...input.messages];
  const outcomes: ToolOutcome[] = [];
  const audit: AuditToolCall[] = [];
  const offered = input.tools.map((t) => t.function);
  let usage: LlmUsage | undefined;
  for (let round = 0; ; round++) {
    const withTools = round < input.maxRounds && offered.length > 0;
    let text = '';
    const result = await llm.stream(
      { messages, signal, ...(withTools ? { tools: offered } : {}) },
      (delta) => {
        text += delta;
        input.onDelta(delta);
      },
    );
    usage = addUsage(usage, result.usage);
    const calls = result.toolCalls ?? [];
    if (result.finishReason !== 'tool_calls' || calls.length === 0 || !withTools) {
      return {
        finishReason: result.finishReason === 'length' ? 'length' : 'stop',
        model: result.model,
        ...(usage ? { usage } : {}),
        outcomes,
        sources: dedupeSources(outcomes),
        audit,
      };
    }
    messages.push({ role: 'assistant', content: text, tool_calls: calls });
    const answers = await untilAborted(
      Promise.all(
        calls.map(async (call) => {
          input.onTool?.(call.name, 'started');
          const args = parseArgs(call.arguments);
          const outcome =
            args === undefined
              ? {
                  tool: call.name,
                  status: 'failed' as const,
                  result: { error: 'invalid_arguments' },
                  sources: [],
                }
              : await input.run(call.name, args, input.caller);
          input.onTool?.(call.name, outcome.status);
          return { call, outcome, args };
        }),
      ),
      signal,
    );
    for (const { call, outcome, args } of answers) {
      outcomes.push(outcome);
      audit.push(auditToolCall(args, outcome));
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: input.mask(JSON.stringify(outcome.result)),
      });
    }
  }
}

function dedupeSources(outcomes: ToolOutcome[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const o of outcomes) {
    for (const s of o.sources) seen.set(`${s.id}|${s.as_of}|${s.tool ?? ''}`, s);
  }
  return [...seen.values()];
}
