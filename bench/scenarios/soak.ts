import type { ClosedResult } from '../load/http-closed';
import { MESSAGE } from '../lib/harness';
import { withCpu } from '../lib/proc';
import { promValue } from '../lib/prom';
import { sleep } from '../lib/stats';
import { fmt, mb, pct, ScenarioContext, ScenarioReport, table } from './common';

interface Sample {
  label: string;
  messages: number;
  seconds: number;
  rss: number;
  heap: number;
  /** Whether a full GC preceded the reading. */
  gc: boolean;
}

/** The soak's goal, and how long it may take when the app is too slow to reach it in time. */
export const SOAK_MESSAGES = 100_000;
export const SOAK_BUDGET_S = 180;

/** Scenario 4: many messages through the REST pipeline; memory at start, middle and end. */
export async function soakScenario({
  h,
  smoke,
  log,
  shared,
}: ScenarioContext): Promise<ScenarioReport> {
  // 100k messages, unless the app's measured rate would make that exceed the time budget
  // (--soak-messages N forces a count).
  const budgeted = shared.appRps ? Math.round(shared.appRps * SOAK_BUDGET_S) : SOAK_MESSAGES;
  const amount = smoke ? 300 : (shared.soakMessages ?? Math.min(SOAK_MESSAGES, budgeted));
  const capped = !smoke && shared.soakMessages === undefined && amount < SOAK_MESSAGES;
  const connections = smoke ? 4 : 32;
  await h.setFake({ chunks: 20, gapMs: 0 });
  // A fresh process: earlier scenarios (10k sockets) leave RSS that a GC does not give back.
  log('soak: restarting the app');
  await h.restartApp();
  const warn0 = h.appLogCount(/"level":"(WARN|ERROR|FATAL)"/);
  const stall0 = h.appLogCount(/Redis unavailable/);
  const gen = await h.generator('soak');
  // The counter has no series before the first message.
  const messages = (m: Map<string, number>) => promValue(m, 'chat_messages_total') || 0;
  const chat = async () => messages(await h.appMetrics());
  const read = async (label: string, base: number, t0: number, gc: boolean): Promise<Sample> => {
    if (gc) await h.gcApp();
    const m = await h.appMetrics();
    return {
      label,
      messages: messages(m) - base,
      seconds: (performance.now() - t0) / 1000,
      rss: promValue(m, 'process_resident_memory_bytes'),
      heap: promValue(m, 'nodejs_heap_size_used_bytes'),
      gc,
    };
  };
  const base = await chat();
  const t0 = performance.now();
  const samples: Sample[] = [await read('start', base, t0, true)];
  const trace: Sample[] = [];
  let finished = false;
  const run = withCpu(h.app.proc.pid, () =>
    gen.call<ClosedResult>('httpClosed', {
      url: h.app.url,
      path: '/api/chat/message',
      connections,
      amount,
      userPrefix: h.users('soak'),
      secret: h.secret,
      message: MESSAGE,
    }),
  ).finally(() => (finished = true));
  let middleTaken = false;
  while (!finished) {
    await sleep(smoke ? 100 : 2000);
    if (finished) break;
    const s = await read('', base, t0, false);
    trace.push(s);
    if (!middleTaken && s.messages >= amount / 2) {
      middleTaken = true;
      samples.push(await read('middle', base, t0, true));
      log(`soak: middle at ${s.messages} messages, rss ${mb(s.rss)}, heap ${mb(s.heap)}`);
    }
  }
  const { value, cpu } = await run;
  await sleep(500);
  samples.push(await read('end', base, t0, true));
  await h.closeGenerator(gen);
  if (!middleTaken)
    samples.splice(1, 0, { ...samples[0], label: 'middle (not sampled: too short)' });
  const r = value.result;
  log(`soak: ${r.ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors, ${fmt(r.rps, 0)} req/s`);

  const [start, middle, end] = samples;
  const heapGrowth = end.heap - middle.heap;
  const rssGrowth = end.rss - middle.rss;
  const heapFlat = heapGrowth <= Math.max(0.05 * middle.heap, 5 * 1048576);
  const rssFlat = rssGrowth <= Math.max(0.1 * middle.rss, 20 * 1048576);
  const failures = r.non2xx + r.errors;
  const warnings = h.appLogCount(/"level":"(WARN|ERROR|FATAL)"/) - warn0;
  const stalls = h.appLogCount(/Redis unavailable/) - stall0;
  // Memory flatness is judged only when nearly every request went through the whole pipeline.
  const decided = middleTaken && r.ok >= 0.9 * amount;

  const markdown = [
    (capped
      ? `**Shortened**: ${SOAK_MESSAGES.toLocaleString('en-US')} messages at the app's measured ` +
        `${fmt(shared.appRps ?? 0, 0)} req/s would take ${fmt(SOAK_MESSAGES / (shared.appRps ?? 1) / 60, 0)} minutes, ` +
        `so the soak is cut to what fits in ${SOAK_BUDGET_S} s (\`--soak-messages ${SOAK_MESSAGES}\` runs it all). `
      : '') +
      `${amount.toLocaleString('en-US')} messages through \`POST /api/chat/message\` (autocannon, ${connections} ` +
      `connections, one user each, every message a new conversation; the fake LLM streams 20 chunks) in ` +
      `${fmt(r.durationS, 0)} s: ${fmt(r.rps, 0)} req/s, app CPU ${pct(cpu)}, generator CPU ${pct(value.cpu)}, ` +
      `${failures} failed requests` +
      (r.busy > 0
        ? ` (${r.busy} of them 409 busy: the connection then went on as a new user; see below)`
        : '') +
      '. The app process is restarted first (earlier scenarios leave RSS that a GC does not give back). ' +
      'Memory from `GET /metrics` after a full GC at each point:',
    '',
    table(
      ['point', 'messages done', 'elapsed s', 'RSS', 'heap used'],
      samples.map((s) => [
        s.label,
        s.messages.toLocaleString('en-US'),
        fmt(s.seconds, 0),
        mb(s.rss),
        mb(s.heap),
      ]),
    ),
    '',
    `Middle → end: heap ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)} ` +
      `(${fmt(heapGrowth / Math.max(1, end.messages - middle.messages), 0)} bytes kept per message), ` +
      `RSS ${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)} ` +
      '(flat means heap within max(5%, 5 MB) and RSS within max(10%, 20 MB) over the second half; start → middle ' +
      'includes warm-up: JIT code, pools, caches filling).',
    '',
    `Without a GC, RSS ranged ${mb(Math.min(...trace.map((s) => s.rss), start.rss))} – ` +
      `${mb(Math.max(...trace.map((s) => s.rss), end.rss))} and heap ${mb(Math.min(...trace.map((s) => s.heap), start.heap))} – ` +
      `${mb(Math.max(...trace.map((s) => s.heap), end.heap))} over the run (${trace.length} samples).`,
    ...(warnings > 0
      ? [
          '',
          `The app logged ${warnings} warnings during the soak` +
            (stalls > 0
              ? `, ${stalls} of them "Redis unavailable (…); using fallbacks": a Redis command exceeded the ` +
                "app's 500 ms timeout (Redis is shared and unpinned on this machine). While Redis is skipped, " +
                'answer locks taken before the stall cannot be released, so those users get 409 busy until the ' +
                "lock's TTL (two minutes with the default LLM timeout and retries) expires."
              : '.'),
        ]
      : []),
  ].join('\n');

  return {
    id: 'soak',
    title: '4. Soak',
    markdown,
    targets: [
      {
        name: `Flat memory over the soak (${amount.toLocaleString('en-US')} messages)`,
        target: 'middle → end: heap ≤ +max(5%, 5 MB), RSS ≤ +max(10%, 20 MB)',
        measured: `heap ${mb(middle.heap)} → ${mb(end.heap)}, RSS ${mb(middle.rss)} → ${mb(end.rss)}`,
        met: decided ? heapFlat && rssFlat : null,
      },
    ],
    data: { result: r, samples, trace, appCpu: cpu, generatorCpu: value.cpu, warnings, stalls },
  };
}
