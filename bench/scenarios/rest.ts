import type { ClosedResult } from '../load/http-closed';
import type { OpenResult } from '../load/http-open';
import { MESSAGE, Server } from '../lib/harness';
import { withCpu } from '../lib/proc';
import { median } from '../lib/stats';
import {
  flag,
  fmt,
  pct,
  ratio,
  Run,
  runMedian,
  runNote,
  ScenarioContext,
  ScenarioReport,
  table,
} from './common';

const CHAT_PATH = '/api/chat/message';

/** Scenario 1: REST chat saturation vs B0/B1, then latency added over B0 at a fixed rate. */
export async function restScenario({
  h,
  smoke,
  log,
  shared,
}: ScenarioContext): Promise<ScenarioReport> {
  const cfg = smoke
    ? {
        runs: 1,
        seconds: 1,
        warmupS: 0.5,
        appWarmupS: 0.5,
        connections: 4,
        openSeconds: 1,
        openWarmupS: 0.3,
      }
    : {
        runs: 3,
        seconds: 5,
        warmupS: 2,
        appWarmupS: 8,
        connections: 32,
        openSeconds: 5,
        openWarmupS: 1,
      };
  const chunks = 20;
  await h.setFake({ chunks, gapMs: 0 });
  const gen = await h.generator('rest');
  const servers: Server[] = [h.b0, h.b1, h.app];
  const prefix = new Map(servers.map((s) => [s, h.users(`rest-${s.name}`)]));

  const closed = (s: Server, opts: { durationS?: number }) =>
    gen.call<ClosedResult>('httpClosed', {
      url: s.url,
      path: CHAT_PATH,
      connections: cfg.connections,
      durationS: opts.durationS,
      userPrefix: prefix.get(s),
      secret: h.secret,
      message: MESSAGE,
    });

  for (const s of servers) {
    // The app needs longer for its JIT to settle (a shorter warm-up left its runs climbing).
    const seconds = s === h.app ? cfg.appWarmupS : cfg.warmupS;
    log(`rest: warm-up ${s.name} (${seconds} s)`);
    await closed(s, { durationS: seconds });
  }
  const sat = new Map<Server, Run<ClosedResult>[]>(servers.map((s) => [s, []]));
  for (let r = 0; r < cfg.runs; r++) {
    for (const s of servers) {
      const { value, cpu } = await withCpu(s.proc.pid, () => closed(s, { durationS: cfg.seconds }));
      sat.get(s)!.push({ value: value.result, generatorCpu: value.cpu, serverCpu: cpu });
      log(
        `rest: ${s.name} run ${r + 1}: ${fmt(value.result.rps, 0)} req/s, non-2xx ${value.result.non2xx}, ` +
          `errors ${value.result.errors}, generator ${pct(value.cpu)}, server ${pct(cpu)}`,
      );
    }
  }
  const rps = new Map(servers.map((s) => [s, runMedian(sat.get(s)!, (v) => v.rps)]));
  const appRps = rps.get(h.app)!.value;
  const b1Rps = rps.get(h.b1)!.value;
  shared.appRps = appRps;
  const rate = Math.max(5, Math.round(appRps / 2));

  // Fixed rate: half of the app's saturation, evenly spaced, the same for B0 and the app.
  const fixed = new Map<Server, Run<OpenResult>[]>([
    [h.b0, []],
    [h.app, []],
  ]);
  for (let r = 0; r < cfg.runs; r++) {
    for (const s of [h.b0, h.app]) {
      const { value, cpu } = await withCpu(s.proc.pid, () =>
        gen.call<OpenResult>('httpOpen', {
          url: s.url,
          path: CHAT_PATH,
          rate,
          durationS: cfg.openSeconds,
          warmupS: cfg.openWarmupS,
          userPrefix: `${prefix.get(s)}-open`,
          users: Math.max(64, Math.ceil(rate / 2)),
          secret: h.secret,
          message: MESSAGE,
        }),
      );
      fixed.get(s)!.push({ value: value.result, generatorCpu: value.cpu, serverCpu: cpu });
      log(
        `rest: ${s.name} at ${rate}/s run ${r + 1}: p50 ${fmt(value.result.p50Ms, 2)} ms, ` +
          `p99 ${fmt(value.result.p99Ms, 2)} ms, failed ${value.result.failed}, no idle user ${value.result.noIdleUser}`,
      );
    }
  }
  await h.closeGenerator(gen);

  const lat = (s: Server, pick: (v: OpenResult) => number) => runMedian(fixed.get(s)!, pick);
  const b0p50 = lat(h.b0, (v) => v.p50Ms);
  const b0p99 = lat(h.b0, (v) => v.p99Ms);
  const appP50 = lat(h.app, (v) => v.p50Ms);
  const appP99 = lat(h.app, (v) => v.p99Ms);
  const addedP50 = appP50.value - b0p50.value;
  const addedP99 = appP99.value - b0p99.value;
  const failures = [...sat.values(), ...fixed.values()]
    .flat()
    .reduce(
      (n, r) => n + ('non2xx' in r.value ? r.value.non2xx + r.value.errors : r.value.failed),
      0,
    );

  const satRows = servers.map((s) => {
    const runs = sat.get(s)!;
    const m = rps.get(s)!;
    return [
      s.name,
      fmt(m.value, 0),
      ratio(m.value, rps.get(h.b0)!.value),
      ratio(m.value, b1Rps),
      runs.map((r) => `${fmt(r.value.rps, 0)}${flag(r)}`).join(' / '),
      fmt(runMedian(runs, (v) => v.latencyP50Ms).value, 1),
      fmt(runMedian(runs, (v) => v.latencyP99Ms).value, 1),
      runs.map((r) => pct(r.generatorCpu)).join(' / '),
      runs.map((r) => pct(r.serverCpu ?? Number.NaN)).join(' / '),
      runNote(m),
    ];
  });
  const latRows = [h.b0, h.app].map((s) => {
    const runs = fixed.get(s)!;
    return [
      s.name,
      fmt(lat(s, (v) => v.achievedRps).value, 0),
      fmt(lat(s, (v) => v.p50Ms).value, 2),
      fmt(lat(s, (v) => v.p90Ms).value, 2),
      fmt(lat(s, (v) => v.p99Ms).value, 2),
      runs.map((r) => pct(r.generatorCpu)).join(' / '),
      runs.map((r) => pct(r.serverCpu ?? Number.NaN)).join(' / '),
      runNote(lat(s, (v) => v.p50Ms)),
    ];
  });
  latRows.push([
    '**app − B0**',
    '',
    `**${fmt(addedP50, 2)}**`,
    '',
    `**${fmt(addedP99, 2)}**`,
    '',
    '',
    '',
  ]);

  const markdown = [
    `The fake LLM streams the app ${chunks} chunks with no delay; B0 and B1 ask it for the same answer as one JSON ` +
      `(non-streaming). Every request is a new message from one of ${cfg.connections} users (one per connection), ` +
      'without a `conversation_id`, so the app opens a new conversation each time.',
    '',
    `**Saturation** (autocannon, ${cfg.connections} connections, ${cfg.seconds} s per run, ${cfg.runs} runs, ` +
      'servers interleaved; ⚠ = generator above 90% of its core, run not counted):',
    '',
    table(
      [
        'server',
        'req/s (median)',
        'vs B0',
        'vs B1',
        'runs',
        'p50 ms',
        'p99 ms',
        'generator CPU',
        'server CPU',
        'runs counted',
      ],
      satRows,
    ),
    '',
    `**Latency added at a fixed rate**: ${rate} req/s (half of the app's saturation), evenly spaced by an open-loop ` +
      `generator (latency from each request's due time), ${cfg.openSeconds} s per run after ${cfg.openWarmupS} s of ` +
      `warm-up at the same rate, ${cfg.runs} runs; medians of the per-run percentiles:`,
    '',
    table(
      [
        'server',
        'achieved req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'generator CPU',
        'server CPU',
        'runs counted',
      ],
      latRows,
    ),
    '',
    failures > 0
      ? `Failed requests (non-2xx or errors) over all runs: ${failures}.`
      : 'No request failed.',
    ...servers
      .filter((s) => median(sat.get(s)!.map((r) => r.serverCpu ?? 1)) < 0.85)
      .map(
        (s) =>
          `\n${s.name} did not use its whole core at saturation (server CPU above): its rate is bound by what it ` +
          'waits on (PostgreSQL commits, Redis, or the fake LLM and generator sharing core 1), so ratios against ' +
          'it understate how far the app is from it.',
      ),
  ].join('\n');

  const decided = (m: { used: number }) => m.used > 0;
  return {
    id: 'rest',
    title: '1. REST chat (`POST /api/chat/message`)',
    markdown,
    targets: [
      {
        name: 'REST chat throughput',
        target: '≥ 0.4× B1 req/s',
        measured: `${ratio(appRps, b1Rps)} (${fmt(appRps, 0)} vs ${fmt(b1Rps, 0)} req/s)`,
        met: decided(rps.get(h.app)!) && decided(rps.get(h.b1)!) ? appRps >= 0.4 * b1Rps : null,
      },
      {
        name: 'Latency added over B0 at a fixed rate, p50',
        target: '≤ 3 ms',
        measured: `${fmt(addedP50, 2)} ms (at ${rate} req/s)`,
        met: decided(appP50) && decided(b0p50) ? addedP50 <= 3 : null,
      },
      {
        name: 'Latency added over B0 at a fixed rate, p99',
        target: '≤ 15 ms',
        measured: `${fmt(addedP99, 2)} ms`,
        met: decided(appP99) && decided(b0p99) ? addedP99 <= 15 : null,
      },
    ],
    data: {
      saturation: Object.fromEntries(servers.map((s) => [s.name, sat.get(s)])),
      fixedRate: { rate, b0: fixed.get(h.b0), app: fixed.get(h.app) },
    },
  };
}
