/**
 * What tracing costs when it is off (no OTLP endpoint): the SDK is never loaded, so all that
 * runs is OpenTelemetry's API handing out no-op spans. A message opens three spans (the socket
 * event or HTTP request's own is the instrumentation's, which is not loaded; then the LLM call,
 * a tool call, a market fetch), measured against the same work without them, in one process.
 *
 * Run: npx tsc -p tsconfig.bench.json && node dist-bench/bench/tracing.bench.js [--seconds N]
 */
import { inSpan } from '../src/infrastructure/tracing/spans';

const SPANS_PER_MESSAGE = 3;
const RUNS = 5;

/** Stands for an awaited step (a query, a fetch): a resolved promise. */
function work(n: number): Promise<number> {
  return Promise.resolve(n + 1);
}

async function plain(n: number): Promise<number> {
  let x = n;
  for (let i = 0; i < SPANS_PER_MESSAGE; i++) x = await work(x);
  return x;
}

async function traced(n: number): Promise<number> {
  let x = n;
  for (let i = 0; i < SPANS_PER_MESSAGE; i++) {
    x = await inSpan('chat model', { 'gen_ai.operation.name': 'chat' }, () => work(x));
  }
  return x;
}

/** Nanoseconds per message over roughly `seconds`. */
async function measure(fn: (n: number) => Promise<number>, seconds: number): Promise<number> {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let now = start;
  let count = 0;
  let sink = 0;
  do {
    for (let i = 0; i < 1000; i++) sink = await fn(sink);
    count += 1000;
    now = process.hrtime.bigint();
  } while (now - start < budget);
  if (sink <= 0) throw new Error('tracing bench: nothing ran');
  return Number(now - start) / count;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export async function runTracingBench(seconds = 1): Promise<{
  plain_ns: number;
  traced_ns: number;
  added_ns_per_message: number;
}> {
  await measure(plain, Math.min(0.5, seconds));
  await measure(traced, Math.min(0.5, seconds));
  const p: number[] = [];
  const t: number[] = [];
  // Interleaved, so drift on a shared machine affects both alike.
  for (let r = 0; r < RUNS; r++) {
    p.push(await measure(plain, seconds));
    t.push(await measure(traced, seconds));
  }
  const plainNs = median(p);
  const tracedNs = median(t);
  return {
    plain_ns: Math.round(plainNs),
    traced_ns: Math.round(tracedNs),
    added_ns_per_message: Math.round(tracedNs - plainNs),
  };
}

if (require.main === module) {
  const at = process.argv.indexOf('--seconds');
  const seconds = at >= 0 ? Number(process.argv[at + 1]) : 1;
  runTracingBench(seconds).then(
    (r) => console.log(JSON.stringify({ name: 'tracing', ...r })),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
