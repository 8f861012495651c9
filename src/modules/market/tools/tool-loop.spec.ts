import type { ToolOutcome } from './market-tools';
import { toolDefinitions } from './tool-definitions';
import { LoopMessage, LoopRoundResult, runToolLoop, ToolCapableLlm } from './tool-loop';

type Round = { text?: string; calls?: { name: string; arguments: string }[] };

/** A model that plays the given rounds and records what it was sent. */
class ScriptedLlm implements ToolCapableLlm {
  readonly requests: { messages: LoopMessage[]; tools: boolean }[] = [];
  constructor(private readonly rounds: Round[]) {}

  stream(
    req: { messages: LoopMessage[]; tools?: unknown[] },
    onDelta: (t: string) => void,
  ): Promise<LoopRoundResult> {
    this.requests.push({ messages: [...req.messages], tools: Boolean(req.tools) });
    const round = this.rounds.shift() ?? { text: 'fin' };
    if (round.text) onDelta(round.text);
    const calls = (round.calls ?? []).map((c, i) => ({ id: `call_${i}`, ...c }));
    return Promise.resolve({
      finishReason: calls.length > 0 ? 'tool_calls' : 'stop',
      model: 'm',
      usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
    });
  }
}

const outcome = (tool: string, value: number): ToolOutcome => ({
  tool,
  status: 'done',
  result: { value, note: 'Juan Pérez DNI 30.123.456' },
  sources: [{ id: 'dolarapi', name: 'DolarApi', as_of: '2026-12-04', tool }],
});

function loop(llm: ScriptedLlm, opts: Partial<Parameters<typeof runToolLoop>[0]> = {}) {
  const deltas: string[] = [];
  const statuses: string[] = [];
  const ran: string[] = [];
  const result = runToolLoop({
    llm,
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: '¿MEP?' },
    ],
    tools: toolDefinitions({ portfolio: false }),
    maxRounds: 3,
    signal: new AbortController().signal,
    caller: { userId: 'u', token: 't' },
    run: (name) => {
      ran.push(name);
      return Promise.resolve(outcome(name, 1193.4));
    },
    mask: (t) => t.replace(/Juan Pérez|DNI [\d.]+/g, '[X]'),
    onDelta: (d) => deltas.push(d),
    onTool: (tool, status) => statuses.push(`${tool}:${status}`),
    ...opts,
  });
  return { result, deltas, statuses, ran };
}

describe('runToolLoop', () => {
  it('runs the tools the model asks for and answers with their results as masked tool messages', async () => {
    const llm = new ScriptedLlm([
      { calls: [{ name: 'get_fx_rates', arguments: '{"casas":["bolsa"]}' }] },
      { text: 'El MEP está a $1.193,40.' },
    ]);
    const { result, deltas, statuses } = loop(llm);
    const r = await result;
    expect(deltas.join('')).toBe('El MEP está a $1.193,40.');
    expect(statuses).toEqual(['get_fx_rates:started', 'get_fx_rates:done']);
    const second = llm.requests[1].messages;
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_0' }] });
    expect(second.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_0',
      content: '{"value":1193.4,"note":"[X] [X]"}',
    });
    expect(r).toMatchObject({
      finishReason: 'stop',
      usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
      sources: [{ id: 'dolarapi', tool: 'get_fx_rates' }],
    });
  });

  it('runs the calls of one round in parallel', async () => {
    let running = 0;
    let peak = 0;
    const llm = new ScriptedLlm([
      {
        calls: [
          { name: 'get_fx_rates', arguments: '{}' },
          { name: 'get_macro', arguments: '{"indicator":"riesgo_pais"}' },
          { name: 'get_quotes', arguments: '{"symbols":["GGAL"]}' },
        ],
      },
    ]);
    await loop(llm, {
      run: async (name) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return outcome(name, 1);
      },
    }).result;
    expect(peak).toBe(3);
  });

  it('offers no tools on the last round, so the model must answer', async () => {
    const ask = { calls: [{ name: 'get_fx_rates', arguments: '{}' }] };
    const llm = new ScriptedLlm([ask, ask, { text: 'listo' }]);
    const { result, ran } = loop(llm, { maxRounds: 2 });
    await result;
    expect(llm.requests.map((r) => r.tools)).toEqual([true, true, false]);
    expect(ran).toHaveLength(2);
  });

  it('answers a call with broken JSON arguments with an error, without running it', async () => {
    const llm = new ScriptedLlm([{ calls: [{ name: 'get_macro', arguments: '{"indic' }] }]);
    const { result, ran, statuses } = loop(llm);
    await result;
    expect(ran).toEqual([]);
    expect(statuses).toEqual(['get_macro:started', 'get_macro:failed']);
  });

  it('stops a running tool round when the answer is stopped', async () => {
    const stop = new AbortController();
    const llm = new ScriptedLlm([{ calls: [{ name: 'get_fx_rates', arguments: '{}' }] }]);
    const { result } = loop(llm, {
      signal: stop.signal,
      run: () => new Promise(() => setTimeout(() => stop.abort(), 10)),
    });
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(llm.requests).toHaveLength(1);
  });
});
