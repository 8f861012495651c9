import type { ConnectResult } from '../load/sockets';
import type { StreamPlan, StreamSummary } from '../load/streams';
import { MESSAGE } from '../lib/harness';
import type { RpcClient } from '../lib/rpc';
import {
  fmt,
  pct,
  Run,
  runMedian,
  runNote,
  ScenarioContext,
  ScenarioReport,
  table,
  Target,
} from './common';

const STREAM_PATH = '/api/chat/message/stream';
const CHUNKS = 50;

interface Door {
  name: string;
  run: (gen: RpcClient, plan: StreamPlan) => Promise<{ result: StreamSummary; cpu: number }>;
}

/** Scenario 2: time to first token and per-chunk delay over SSE and Socket.IO vs the bare SSE pipe. */
export async function streamingScenario({
  h,
  smoke,
  log,
}: ScenarioContext): Promise<ScenarioReport> {
  const runs = smoke ? 1 : 3;
  const plans: { gapMs: number; plan: StreamPlan }[] = [
    { gapMs: 0, plan: { users: 1, streamsPerUser: smoke ? 2 : 30, staggerMs: 0 } },
    {
      gapMs: 20,
      plan: smoke
        ? { users: 2, streamsPerUser: 1, staggerMs: 50 }
        : { users: 8, streamsPerUser: 2, staggerMs: Math.round((CHUNKS * 20) / 8) },
    },
  ];
  const maxUsers = Math.max(...plans.map((p) => p.plan.users));
  const gen = await h.generator('streaming');
  const ioUsers = h.users('stream-io');
  const connect = await gen.call<ConnectResult>('ioConnect', {
    url: h.app.url,
    namespace: '/chat',
    userPrefix: ioUsers,
    total: maxUsers,
    secret: h.secret,
    parallel: 8,
    auth: true,
  });
  if (connect.result.failed > 0)
    throw new Error(`socket connect failed: ${connect.result.firstError ?? ''}`);

  const sse = (name: string, url: string): Door => {
    const users = h.users(`stream-${name}`);
    return {
      name,
      run: (g, plan) =>
        g.call<StreamSummary>('sseStreams', {
          ...plan,
          url,
          path: STREAM_PATH,
          userPrefix: users,
          secret: h.secret,
          message: MESSAGE,
        }),
    };
  };
  const doors: Door[] = [
    sse('B0 SSE pipe', h.b0.url),
    sse('B1 SSE pipe', h.b1.url),
    sse('app SSE', h.app.url),
    {
      name: 'app Socket.IO',
      run: (g, plan) => g.call<StreamSummary>('ioStreams', { ...plan, message: MESSAGE }),
    },
  ];

  const sections: string[] = [];
  const targets = new Map<string, { gapMs: number; added: number; decided: boolean }[]>();
  const data: Record<string, unknown> = {};
  for (const { gapMs, plan } of plans) {
    await h.setFake({ chunks: CHUNKS, gapMs });
    for (const d of doors) await d.run(gen, { ...plan, streamsPerUser: 1 }); // warm-up
    const results = new Map<Door, Run<StreamSummary>[]>(doors.map((d) => [d, []]));
    for (let r = 0; r < runs; r++) {
      for (const d of doors) {
        const { result, cpu } = await d.run(gen, plan);
        if (result.failed > 0)
          throw new Error(`${d.name}: ${result.failed} streams failed: ${result.firstError ?? ''}`);
        if (result.chunksPerStream < CHUNKS)
          throw new Error(`${d.name}: only ${result.chunksPerStream} chunks arrived`);
        results.get(d)!.push({ value: result, generatorCpu: cpu });
        log(
          `streaming ${gapMs} ms: ${d.name} run ${r + 1}: TTFT p50 ${fmt(result.ttftP50Ms, 2)} ms, ` +
            `chunk delay p50 ${fmt(result.chunkDelayP50Ms, 2)} ms`,
        );
      }
    }
    const m = (d: Door, pick: (v: StreamSummary) => number) => runMedian(results.get(d)!, pick);
    const b0 = doors[0];
    const b0Ttft = m(b0, (v) => v.ttftP50Ms).value;
    const b1Ttft = m(doors[1], (v) => v.ttftP50Ms).value;
    const b0Delay = m(b0, (v) => v.chunkDelayP50Ms).value;
    const rows = doors.map((d) => {
      const ttft = m(d, (v) => v.ttftP50Ms);
      const delay = m(d, (v) => v.chunkDelayP50Ms).value;
      const isB0 = d === b0;
      if (d.name.startsWith('app')) {
        const list = targets.get(d.name) ?? [];
        list.push({ gapMs, added: ttft.value - b0Ttft, decided: ttft.used > 0 });
        targets.set(d.name, list);
      }
      return [
        d.name,
        fmt(ttft.value, 2),
        fmt(m(d, (v) => v.ttftP99Ms).value, 2),
        isB0 ? '—' : `**${fmt(ttft.value - b0Ttft, 2)}**`,
        d.name.startsWith('app') ? fmt(ttft.value - b1Ttft, 2) : '—',
        fmt(delay, 3),
        fmt(m(d, (v) => v.chunkDelayP99Ms).value, 3),
        isB0 ? '—' : `**${fmt(delay - b0Delay, 3)}**`,
        results
          .get(d)!
          .map((r) => pct(r.generatorCpu))
          .join(' / '),
        runNote(ttft),
      ];
    });
    sections.push(
      `**${CHUNKS} chunks, ${gapMs} ms apart** — ${plan.users} concurrent user(s)` +
        (plan.staggerMs ? ` starting ${plan.staggerMs} ms apart` : '') +
        `, ${plan.streamsPerUser} stream(s) each per run, ${runs} runs (medians of per-run percentiles; times in ms):`,
      '',
      table(
        [
          'door',
          'TTFT p50',
          'TTFT p99',
          'added TTFT p50 vs B0',
          'vs B1',
          'chunk delay p50',
          'chunk delay p99',
          'added per-chunk p50 vs B0',
          'generator CPU',
          'runs counted',
        ],
        rows,
      ),
      '',
    );
    data[`gap${gapMs}`] = Object.fromEntries(doors.map((d) => [d.name, results.get(d)]));
  }
  await h.closeGenerator(gen);

  const targetRows: Target[] = [...targets.entries()].map(([door, list]) => ({
    name: `Added time to first token over B0, p50 (${door})`,
    target: '≤ 1.5 ms',
    measured: list.map((t) => `${fmt(t.added, 2)} ms (${t.gapMs} ms gap)`).join(', '),
    met: list.every((t) => t.decided) ? list.every((t) => t.added <= 1.5) : null,
  }));

  return {
    id: 'streaming',
    title: '2. Streaming: SSE and Socket.IO',
    markdown: [
      'TTFT: from sending the request (or `send_message`) to the first content chunk at the client. Chunk delay: ' +
        'for every content chunk, the time from the fake LLM writing it to the client reading it (both stamp the same ' +
        "clock). B0 and B1 pipe the LLM's SSE body as it is; the app parses it, runs its output filters and re-emits " +
        "each chunk (SSE `chunk` events, or Socket.IO `message_chunk` events to the user's room through the Redis " +
        'streams adapter). "Added" columns are differences with B0 in the same run.',
      '',
      ...sections,
    ].join('\n'),
    targets: targetRows,
    data,
  };
}
