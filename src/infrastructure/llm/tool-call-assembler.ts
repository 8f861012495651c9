import type { LlmToolCall } from '../../modules/llm/llm-client';

/** One streamed fragment of a tool call, as the OpenAI protocol sends it. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * Joins the fragments of streamed tool calls: the first fragment of each call carries its id
 * and name, the following ones only pieces of the arguments, keyed by `index`.
 */
export class ToolCallAssembler {
  private readonly calls = new Map<number, LlmToolCall>();

  push(deltas: readonly ToolCallDelta[]): void {
    for (const d of deltas) {
      const call = this.calls.get(d.index) ?? { id: '', name: '', arguments: '' };
      if (d.id) call.id = d.id;
      if (d.function?.name) call.name += d.function.name;
      if (d.function?.arguments) call.arguments += d.function.arguments;
      this.calls.set(d.index, call);
    }
  }

  /** The complete calls in the order the model made them. */
  done(): LlmToolCall[] {
    return [...this.calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
  }
}
