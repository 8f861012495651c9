/**
 * Profiles the app under load: starts it (production build, same settings as the benchmark)
 * with `--cpu-prof`, drives one kind of traffic, stops it, and summarises the CPU profile —
 * functions by self time, by time including callees, and by package or source file.
 *
 * Run: node dist-bench/bench/profile.js [--load rest|sse|socket] [--seconds 10] [--connections 32]
 *                                       [--chunks 20] [--top 30] [--callers writev,createPublicKey]
 * Or summarise an existing profile: node dist-bench/bench/profile.js --file x.cpuprofile
 *
 * Where the time to first token goes: node dist-bench/bench/profile.js --load timeline [--requests 30]
 * [--monitor false]
 *
 * What the heap keeps per message: node --max-old-space-size=6000 dist-bench/bench/profile.js
 * --load soak-heap [--messages 4000] [--retainers AbortController,Listener]
 *
 * Memory per idle socket: node --max-old-space-size=6000 dist-bench/bench/profile.js --load idle-sockets
 * [--sockets 2000] takes a heap snapshot of the app before and after opening the sockets
 * (after a full GC each time) and lists what the sockets added, per socket, by constructor.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ClosedResult } from './load/http-closed';
import type { ConnectResult } from './load/sockets';
import type { StreamSummary } from './load/streams';
import Redis from 'ioredis';
import { Harness, MESSAGE, REDIS_URL, ROOT } from './lib/harness';
import { signToken } from './lib/jwt';
import { normalizeKey } from './scenarios/redis';
import { pinSelf } from './lib/proc';
import { epochMs, sleep } from './lib/stats';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** Microseconds on the monotonic clock (the one process.hrtime reads). */
  startTime: number;
  timeDeltas: number[];
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; `dist/modules/chat/x.js` → that path; else the tag. */
function bucketOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.includes('deps/undici')) return 'undici (fetch)';
  if (path.startsWith('node:')) return `node:${path.slice(5).split('/')[0]}`;
  if (path.includes('/dist/')) return relative(ROOT, path);
  return path;
}

/** Subsystems, first match wins: a sample counts for the first one any frame of its stack is in. */
const SUBSYSTEMS: [string, RegExp][] = [
  ['JWT verification', /jsonwebtoken|@nestjs\/jwt|jwt-verifier/],
  [
    'PostgreSQL client (TypeORM, pg)',
    /typeorm|^pg$|pg-protocol|pg-pool|message-store|typeorm-message/,
  ],
  ['Redis client (ioredis)', /ioredis|redis-hot-cache|redis-admission/],
  ['LLM client (openai SDK, fetch)', /^openai$|undici|openai\.llm-client/],
  ['Socket.IO / WebSocket', /socket\.io|engine\.io|^ws$|realtime\//],
  ['knowledge search (minisearch)', /minisearch|knowledge/],
  ['token counting (js-tiktoken)', /js-tiktoken|token-counter/],
  ['sentiment', /sentiment/],
  ['logging (pino)', /pino/],
  ['metrics (prom-client)', /prom-client|metrics\//],
  ['validation (class-validator)', /class-validator|class-transformer/],
  [
    'HTTP framework (Nest, Express, helmet, body-parser)',
    /@nestjs|express|router|body-parser|helmet|raw-body|better-sse/,
  ],
  ['app code (dist/)', /^dist\//],
];

function keyOf(f: CallFrame): string {
  const where = f.url ? `${bucketOf(f.url, f.functionName)}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

/** Monotonic microseconds, comparable with a CPU profile's timestamps. */
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Summarises the samples taken within `window` (monotonic µs), or all of them. */
export function summarize(
  profile: CpuProfile,
  top = 30,
  window?: [number, number],
  callers: string[] = [],
): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const bucket = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const subsystem = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (window && (t < window[0] || t > window[1])) continue;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    total++;
    if (node.callFrame.functionName === '(idle)') {
      idle++;
      continue;
    }
    const k = keyOf(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + 1);
    const b = bucketOf(node.callFrame.url, node.callFrame.functionName);
    bucket.set(b, (bucket.get(b) ?? 0) + 1);
    let sub = node.callFrame.functionName === '(garbage collector)' ? 'garbage collector' : '';
    for (let cur: number | undefined = node.id; !sub && cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const b = bucketOf(f.url, f.functionName);
      sub = SUBSYSTEMS.find(([, re]) => re.test(b))?.[0] ?? '';
    }
    sub ||= 'other (Node internals, promise and stream machinery)';
    subsystem.set(sub, (subsystem.get(sub) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = node.id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') break;
      const key = keyOf(f);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
    }
  }
  const busy = total - idle;
  const callersOf = (name: string, depth = 8, n = 8): string => {
    const stacks = new Map<string, number>();
    let t2 = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t2 += profile.timeDeltas[i] ?? 0;
      if (window && (t2 < window[0] || t2 > window[1])) continue;
      const node = byId.get(profile.samples[i]);
      if (!node || node.callFrame.functionName !== name) continue;
      const chain: string[] = [];
      for (
        let cur = parent.get(node.id);
        cur !== undefined && chain.length < depth;
        cur = parent.get(cur)
      ) {
        const f = byId.get(cur)!.callFrame;
        if (f.functionName === '(root)') break;
        chain.push(keyOf(f));
      }
      const k = chain.join(' < ');
      stacks.set(k, (stacks.get(k) ?? 0) + 1);
    }
    return [...stacks.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((v / busy) * 100).toFixed(1).padStart(5)}%  ${name} < ${k}`)
      .join('\n');
  };
  const pct = (n: number) => `${((n / busy) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${pct(v)}  ${k}`)
      .join('\n');
  return [
    `samples: ${total}, idle ${((idle / total) * 100).toFixed(1)}%; percentages below are of the busy samples (${busy})`,
    '',
    `Self time, top ${top}:`,
    list(self, top),
    '',
    'By subsystem (a sample counts for the first subsystem found in its stack, in the order listed in the code):',
    list(subsystem, 20),
    '',
    'Self time by package / source file:',
    list(bucket, 25),
    '',
    `Time including callees, app code (dist/) and selected libraries, top ${top}:`,
    list(inclusive, top, (k) =>
      / dist\/|@nestjs|typeorm|openai|ioredis|pg |socket\.io|engine\.io|class-|pino|prom-client|js-tiktoken|minisearch|better-sse|express|body-parser|helmet|router/.test(
        k,
      ),
    ),
    ...callers.map((c) => `\nWhere ${c} is called from (top stacks):\n${callersOf(c)}`),
  ].join('\n');
}

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * For a few objects named `name` that exist in `after` but not in `before` (by snapshot id),
 * the shortest chain of references from a GC root: what keeps them alive.
 */
function retainers(beforeFile: string, afterFile: string, name: string, samples = 2): string {
  const ids = (snap: HeapSnapshot) => {
    const f = snap.snapshot.meta.node_fields;
    const w = f.length;
    const set = new Set<number>();
    for (let i = 0; i < snap.nodes.length; i += w) {
      if (snap.strings[snap.nodes[i + f.indexOf('name')]] === name)
        set.add(snap.nodes[i + f.indexOf('id')]);
    }
    return set;
  };
  const old = ids(JSON.parse(readFileSync(beforeFile, 'utf8')) as HeapSnapshot);
  const snap = JSON.parse(readFileSync(afterFile, 'utf8')) as HeapSnapshot;
  const nf = snap.snapshot.meta.node_fields;
  const ef = snap.snapshot.meta.edge_fields;
  const w = nf.length;
  const ew = ef.length;
  const [iType, iName, iId, iEdges] = ['type', 'name', 'id', 'edge_count'].map((k) =>
    nf.indexOf(k),
  );
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((k) => ef.indexOf(k));
  const nodeTypes = snap.snapshot.meta.node_types[0];
  const edgeTypes = snap.snapshot.meta.edge_types[0];
  const count = snap.nodes.length / w;
  // Reverse edges: for each node, the (from node, edge) pairs pointing at it.
  const parents: number[][] = Array.from({ length: count }, () => []);
  let e = 0;
  for (let n = 0; n < count; n++) {
    const edges = snap.nodes[n * w + iEdges];
    for (let k = 0; k < edges; k++, e += ew) {
      const type = edgeTypes[snap.edges[e + eType]];
      if (type === 'weak') continue;
      parents[snap.edges[e + eTo] / w].push(n, e);
    }
  }
  const label = (n: number) => {
    const t = nodeTypes[snap.nodes[n * w + iType]];
    const nm = snap.strings[snap.nodes[n * w + iName]] ?? '';
    return `${t}:${nm.length > 50 ? `${nm.slice(0, 47)}...` : nm}`;
  };
  const edgeLabel = (edge: number) => {
    const t = edgeTypes[snap.edges[edge + eType]];
    const v = snap.edges[edge + eName];
    return t === 'element' || t === 'hidden' ? `[${v}]` : `.${snap.strings[v]}`;
  };
  const out: string[] = [];
  let shown = 0;
  for (let n = 0; n < count && shown < samples; n++) {
    if (snap.strings[snap.nodes[n * w + iName]] !== name || old.has(snap.nodes[n * w + iId]))
      continue;
    // Breadth-first towards a root (node 0 is the synthetic root).
    const via = new Map<number, [number, number]>();
    const queue = [n];
    via.set(n, [-1, -1]);
    let found = -1;
    while (queue.length > 0 && found < 0) {
      const cur = queue.shift()!;
      const ps = parents[cur];
      for (let k = 0; k < ps.length; k += 2) {
        const p = ps[k];
        if (via.has(p)) continue;
        via.set(p, [cur, ps[k + 1]]);
        if (p === 0) {
          found = p;
          break;
        }
        queue.push(p);
      }
    }
    const chain: string[] = [];
    for (let cur = found; cur >= 0 && cur !== n;) {
      const [child, edge] = via.get(cur)!;
      chain.push(`${label(cur)} ${edgeLabel(edge)}`);
      cur = child;
    }
    chain.push(label(n));
    out.push(`  ${chain.join('\n    → ')}`);
    shown++;
  }
  return out.join('\n\n');
}

/** Self size and count per `type:name` in a .heapsnapshot file. */
function heapCensus(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    const raw =
      type === 'string' || type === 'concatenated string' || type === 'sliced string'
        ? ''
        : snap.strings[snap.nodes[i + iName]];
    const name = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
    const key = `${type}:${name}`;
    const e = out.get(key) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + iSize];
    e.count++;
    out.set(key, e);
  }
  return out;
}

/** Waits for the next heap snapshot the app writes into `dir`, fully written. */
async function nextSnapshot(dir: string, known: Set<string>): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const f = readdirSync(dir).find((x) => x.endsWith('.heapsnapshot') && !known.has(x));
    if (f) {
      let size = -1;
      for (;;) {
        await sleep(1000);
        const now = statSync(join(dir, f)).size;
        if (now === size && now > 0) break;
        size = now;
      }
      known.add(f);
      return join(dir, f);
    }
    await sleep(500);
  }
  throw new Error('no heap snapshot appeared');
}

/** What the heap keeps per message: snapshots after N, 2N and 3N REST messages, diffed 2N → 3N. */
async function soakHeap(h: Harness, perStep: number, top: number): Promise<void> {
  await h.startAll({ baselines: false, appNodeArgs: ['--heapsnapshot-signal=SIGTTIN'] });
  await h.setFake({ chunks: 20, gapMs: 0 });
  const known = new Set<string>();
  const files: string[] = [];
  const snapshot = async () => {
    await h.gcApp();
    process.kill(h.app.proc.pid, 'SIGTTIN');
    files.push(await nextSnapshot(h.logDir, known));
    return heapCensus(files[files.length - 1]);
  };
  const gen = await h.generator('profile');
  const step = () =>
    gen.call<ClosedResult>('httpClosed', {
      url: h.app.url,
      path: '/api/chat/message',
      connections: 32,
      amount: perStep,
      userPrefix: h.users('soak-heap'),
      secret: h.secret,
      message: MESSAGE,
    });
  await step();
  await step();
  const before = await snapshot();
  const r = await step();
  const after = await snapshot();
  await h.closeGenerator(gen);
  const n = r.result.ok;
  const rows: [string, number, number][] = [];
  let total = 0;
  for (const [k, v] of after) {
    const b = before.get(k) ?? { size: 0, count: 0 };
    total += v.size - b.size;
    rows.push([k, (v.size - b.size) / n, (v.count - b.count) / n]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  process.stdout.write(
    `${n} messages (after ${2 * perStep} of warm-up): heap kept ${(total / 1024 / 1024).toFixed(2)} MB, ${(total / n).toFixed(0)} B per message\n`,
  );
  process.stdout.write(
    `Top ${top} by bytes per message (type:name  bytes/message  objects/message):\n`,
  );
  for (const [k, size, count] of rows.slice(0, top)) {
    process.stdout.write(
      `  ${size.toFixed(0).padStart(6)} B  ${count.toFixed(2).padStart(6)}  ${k}\n`,
    );
  }
  for (const name of option('--retainers', '')
    .split(',')
    .filter((x) => x !== '')) {
    process.stdout.write(
      `\nWhat keeps new ${name} objects alive:\n${retainers(files[0], files[1], name)}\n`,
    );
  }
}

async function idleSocketHeap(h: Harness, sockets: number, top: number): Promise<void> {
  await h.startAll({ baselines: false, appNodeArgs: ['--heapsnapshot-signal=SIGTTIN'] });
  const known = new Set<string>();
  const snapshot = async () => {
    await h.gcApp();
    process.kill(h.app.proc.pid, 'SIGTTIN');
    const file = await nextSnapshot(h.logDir, known);
    const census = heapCensus(file);
    rmSync(file, { force: true });
    return census;
  };
  const gen = await h.generator('profile');
  // One socket first, so lazily created structures are in both snapshots.
  const args = {
    url: h.app.url,
    namespace: '/chat',
    userPrefix: h.users('heap'),
    secret: h.secret,
    parallel: 32,
    auth: true,
  };
  await gen.call<ConnectResult>('ioConnect', { ...args, total: 1 });
  const before = await snapshot();
  const c = await gen.call<ConnectResult>('ioConnect', { ...args, total: sockets + 1 });
  await sleep(1000);
  const after = await snapshot();
  await h.closeGenerator(gen);
  const n = c.result.opened;
  const rows: [string, number, number][] = [];
  let total = 0;
  for (const [k, v] of after) {
    const b = before.get(k) ?? { size: 0, count: 0 };
    const dSize = (v.size - b.size) / n;
    total += dSize;
    rows.push([k, dSize, (v.count - b.count) / n]);
  }
  rows.sort((a, b) => b[1] - a[1]);
  process.stdout.write(
    `${n} sockets opened: heap objects added ${(total / 1024).toFixed(2)} KB per socket\n`,
  );
  process.stdout.write(
    `Top ${top} by bytes per socket (type:name  bytes/socket  objects/socket):\n`,
  );
  for (const [k, size, count] of rows.slice(0, top)) {
    process.stdout.write(
      `  ${size.toFixed(0).padStart(6)} B  ${count.toFixed(2).padStart(6)}  ${k}\n`,
    );
  }
}

/**
 * Where the time to first token goes: sequential SSE requests from one user on an idle app,
 * with Redis MONITOR (every command the app sends, time-stamped by Redis) and the fake LLM's
 * arrival times; prints the median offset of each step from the moment the request was sent.
 */
async function timeline(h: Harness, n: number): Promise<void> {
  await h.startAll({ baselines: false });
  await h.setFake({ chunks: 50, gapMs: 0 });
  // Warm the JIT up first, as the benchmark's earlier scenarios do.
  const gen = await h.generator('warmup');
  await gen.call('httpClosed', {
    url: h.app.url,
    path: '/api/chat/message',
    connections: 8,
    durationS: 8,
    userPrefix: h.users('warmup'),
    secret: h.secret,
    message: MESSAGE,
  });
  await h.closeGenerator(gen);
  const seen: { t: number; args: string[]; source: string }[] = [];
  // MONITOR slows Redis and this process down: --monitor false leaves only the LLM and client marks.
  const withMonitor = option('--monitor', 'true') !== 'false';
  const mon = new Redis(REDIS_URL, { lazyConnect: true });
  await mon.connect();
  if (withMonitor) {
    const monitor = await mon.monitor();
    monitor.on('monitor', (time: string, args: string[], source: string) => {
      seen.push({ t: Number(time) * 1000, args, source });
    });
  }
  const token = signToken(`${h.users('timeline')}0`, h.secret);
  const runs: { t0: number; first: number; end: number }[] = [];
  const warmup = 10;
  for (let i = 0; i < n + warmup; i++) {
    const t0 = epochMs();
    const res = await fetch(`${h.app.url}/api/chat/message/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: MESSAGE }),
    });
    let first = 0;
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!first && /event: ?chunk/.test(Buffer.from(part).toString('utf8'))) first = epochMs();
    }
    if (i >= warmup) runs.push({ t0, first, end: epochMs() });
    await sleep(30);
  }
  await sleep(300);
  await mon.quit().catch(() => mon.disconnect());
  const stats = (await (await fetch(`${h.fake.control}/_stats`)).json()) as { arrivals: number[] };
  const prefix = h.appPrefix;
  const sources = new Set(
    seen
      .filter((e) => e.source !== 'lua' && e.args.some((a) => a.startsWith(prefix)))
      .map((e) => e.source),
  );
  const label = (args: string[]) => {
    const key = args.find((a) => a.startsWith(prefix));
    return `redis ${args[0].toUpperCase()}${key ? ` ${normalizeKey(key.slice(prefix.length))}` : ''}`;
  };
  const sequences: { label: string; offset: number }[][] = [];
  for (const r of runs) {
    const ev = seen
      .filter((e) => sources.has(e.source) && e.t >= r.t0 && e.t <= r.end + 5)
      .map((e) => ({ label: label(e.args), offset: e.t - r.t0 }));
    for (const a of stats.arrivals)
      if (a >= r.t0 && a <= r.end)
        ev.push({ label: '→ LLM request arrives at the fake', offset: a - r.t0 });
    ev.push({ label: '← first chunk event at the client (TTFT)', offset: r.first - r.t0 });
    ev.push({ label: '← end of the SSE response at the client', offset: r.end - r.t0 });
    ev.sort((a, b) => a.offset - b.offset);
    sequences.push(ev);
  }
  // Keep the requests whose steps came in the most common order, then take medians per step.
  const shape = (s: { label: string }[]) => s.map((e) => e.label).join('|');
  const counts = new Map<string, number>();
  for (const s of sequences) counts.set(shape(s), (counts.get(shape(s)) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const same = sequences.filter((s) => shape(s) === common);
  process.stdout.write(
    `${same.length}/${sequences.length} requests with the same order of steps; median offsets (ms):\n`,
  );
  let prev = 0;
  same[0].forEach((e, i) => {
    const offsets = same.map((s) => s[i].offset).sort((a, b) => a - b);
    const med = offsets[Math.floor(offsets.length / 2)];
    process.stdout.write(
      `  ${med.toFixed(2).padStart(7)}  (+${(med - prev).toFixed(2).padStart(5)})  ${e.label}\n`,
    );
    prev = med;
  });
}

async function main(): Promise<void> {
  const file = option('--file', '');
  const top = Number(option('--top', '30'));
  const callers = option('--callers', '')
    .split(',')
    .filter((c) => c !== '');
  if (file) {
    process.stdout.write(
      `${summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top, undefined, callers)}\n`,
    );
    return;
  }
  const load = option('--load', 'rest');
  const seconds = Number(option('--seconds', '10'));
  const connections = Number(option('--connections', '32'));
  pinSelf(1);
  const h = new Harness();
  const profDir = join(h.logDir, 'cpu-profile');
  if (load === 'timeline') {
    try {
      await timeline(h, Number(option('--requests', '30')));
    } finally {
      await h.cleanup();
    }
    return;
  }
  if (load === 'soak-heap') {
    try {
      await soakHeap(h, Number(option('--messages', '4000')), top);
    } finally {
      await h.cleanup();
    }
    return;
  }
  if (load === 'idle-sockets') {
    try {
      await idleSocketHeap(h, Number(option('--sockets', '2000')), top);
    } finally {
      await h.cleanup();
    }
    return;
  }
  try {
    await h.startAll({
      baselines: false,
      appNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
    });
    await h.setFake({ chunks: Number(option('--chunks', '20')), gapMs: 0 });
    const gen = await h.generator('profile');
    const from = nowUs();
    if (load === 'rest') {
      const r = await gen.call<ClosedResult>('httpClosed', {
        url: h.app.url,
        path: '/api/chat/message',
        connections,
        durationS: seconds,
        userPrefix: h.users('profile'),
        secret: h.secret,
        message: MESSAGE,
      });
      process.stdout.write(`load: ${r.result.rps.toFixed(0)} req/s, non-2xx ${r.result.non2xx}\n`);
    } else if (load === 'sse') {
      const r = await gen.call<StreamSummary>('sseStreams', {
        users: connections,
        streamsPerUser: Math.max(1, seconds * 10),
        staggerMs: 0,
        url: h.app.url,
        path: '/api/chat/message/stream',
        userPrefix: h.users('profile-sse'),
        secret: h.secret,
        message: MESSAGE,
      });
      process.stdout.write(`load: ${r.result.streams} streams, failed ${r.result.failed}\n`);
    } else {
      await gen.call<ConnectResult>('ioConnect', {
        url: h.app.url,
        namespace: '/chat',
        userPrefix: h.users('profile-io'),
        total: connections,
        secret: h.secret,
        parallel: 16,
        auth: true,
      });
      const r = await gen.call<StreamSummary>('ioStreams', {
        users: connections,
        streamsPerUser: Math.max(1, seconds * 10),
        staggerMs: 0,
        message: MESSAGE,
      });
      process.stdout.write(`load: ${r.result.streams} exchanges, failed ${r.result.failed}\n`);
    }
    const to = nowUs();
    await h.closeGenerator(gen);
    await h.app.proc.stop(30_000);
    const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!prof) throw new Error(`no profile written in ${profDir}`);
    process.stdout.write(`profile: ${join(profDir, prof)} (summarised over the load only)\n\n`);
    const profile = JSON.parse(readFileSync(join(profDir, prof), 'utf8')) as CpuProfile;
    process.stdout.write(`${summarize(profile, top, [from, to], callers)}\n`);
  } finally {
    await h.cleanup();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
