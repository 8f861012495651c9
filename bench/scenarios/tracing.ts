import { join, resolve } from 'node:path';
import { spawnNode } from '../lib/proc';
import { fmt, ScenarioContext, ScenarioReport } from './common';

interface TracingLine {
  plain_ns: number;
  traced_ns: number;
  added_ns_per_message: number;
}

/** Tracing off: the no-op spans a message opens, against the same work without them. */
export async function tracingScenario({
  h,
  smoke,
  log,
  shared,
}: ScenarioContext): Promise<ScenarioReport> {
  const seconds = smoke ? 0.05 : 1;
  const proc = spawnNode('tracing', join(resolve(__dirname, '..'), 'tracing.bench.js'), {
    core: 0,
    args: ['--seconds', String(seconds)],
    logDir: h.logDir,
  });
  const line = await proc.waitForLine(/^\{.*"added_ns_per_message".*\}$/, 120_000);
  await proc.exited;
  const r = JSON.parse(line[0]) as TracingLine;
  log(`tracing off: +${r.added_ns_per_message} ns per message`);
  const perMessageUs = shared.appRps ? 1e6 / shared.appRps : null;
  const share =
    perMessageUs !== null
      ? ` — ${fmt((r.added_ns_per_message / 1000 / perMessageUs) * 100, 3)}% of the app's time per REST message in this run (${fmt(perMessageUs, 0)} µs)`
      : '';
  return {
    id: 'tracing',
    title: 'Tracing off',
    markdown: [
      '| what runs per message | ns (median of 5 interleaved runs) |',
      '| --- | --- |',
      `| the work alone | ${fmt(r.plain_ns, 0)} |`,
      `| the same inside three no-op spans (\`inSpan\`, no SDK loaded) | ${fmt(r.traced_ns, 0)} |`,
      `| added by tracing when it is off | ${fmt(r.added_ns_per_message, 0)} |`,
      '',
      'With no OTLP endpoint the OpenTelemetry SDK and its instrumentations are never loaded ' +
        '(`src/instrumentation.ts`); what remains is the API handing out no-op spans' +
        `${share}.`,
    ].join('\n'),
    targets: [],
    data: r,
  };
}
