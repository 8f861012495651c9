import Redis from 'ioredis';
import { Client } from 'pg';
import type { ClosedResult } from '../load/http-closed';
import type { ConnectResult } from '../load/sockets';
import type { StreamSummary } from '../load/streams';
import { MESSAGE, PG_ADMIN_URL, REDIS_URL } from '../lib/harness';
import { sleep } from '../lib/stats';
import { fmt, ScenarioContext, ScenarioReport, table } from './common';

interface Seen {
  args: string[];
  source: string;
}

interface Phase {
  name: string;
  /** What the counts are divided by. */
  per: number;
  unit: string;
  seconds: number;
  from: number;
  to: number;
}

interface PgStats {
  xact_commit: number;
  xact_rollback: number;
  tup_inserted: number;
  tup_updated: number;
  tup_deleted: number;
  tup_returned: number;
  tup_fetched: number;
}

interface Tally {
  calls: Map<string, number>;
  lua: Map<string, number>;
}

const MARK = 'bench-phase-marker';

/**
 * Scenario 5: the Redis commands one chat message costs. MONITOR records everything Redis runs;
 * marker commands (ECHO) cut the stream into phases; commands are attributed to the app by the
 * client addresses that touched its key prefix (Redis is shared with other work). Commands run
 * inside Lua scripts are listed apart: they cost no round trip.
 */
export async function redisScenario({ h, smoke, log }: ScenarioContext): Promise<ScenarioReport> {
  const restN = smoke ? 10 : 200;
  const sockets = smoke ? 2 : 8;
  const perSocket = smoke ? 2 : 10;
  const chunks = 20;
  await h.setFake({ chunks, gapMs: 0 });
  const gen = await h.generator('redis');

  const seen: Seen[] = [];
  const marks = new Map<string, number>();
  const monitorClient = new Redis(REDIS_URL, { lazyConnect: true });
  await monitorClient.connect();
  const monitor = await monitorClient.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (args[0]?.toLowerCase() === 'echo' && args[1]?.startsWith(MARK)) {
      marks.set(args[1].slice(MARK.length + 1), seen.length);
      return;
    }
    seen.push({ args, source });
  });
  const marker = new Redis(REDIS_URL);
  // Connected to another database, so these reads add nothing to the app database's counters.
  const pg = new Client({ connectionString: PG_ADMIN_URL });
  await pg.connect();
  // Read the live counters, not a snapshot cached for the transaction.
  await pg.query("SET stats_fetch_consistency = 'none'");
  const pgStats = async (): Promise<PgStats> => {
    const r = await pg.query<Record<keyof PgStats, string>>(
      'SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned, tup_fetched ' +
        'FROM pg_stat_database WHERE datname = $1',
      [h.dbName],
    );
    const row = r.rows[0];
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, Number(v)]),
    ) as unknown as PgStats;
  };
  const phases: Phase[] = [];
  const phase = async (name: string, per: number, unit: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await marker.echo(`${MARK} ${name}:start`);
    await fn();
    await sleep(200); // the last replies' follow-up commands (unlock, appends) land before the marker
    await marker.echo(`${MARK} ${name}:end`);
    phases.push({ name, per, unit, seconds: (performance.now() - t0) / 1000, from: 0, to: 0 });
  };

  // Backends publish their counters at most once a second while busy and ~10 s after going idle.
  const quietMs = smoke ? 300 : 11_000;
  let pgBefore: PgStats | null = null;
  let pgAfter: PgStats | null = null;
  let pgMessages = 0;
  try {
    // Idle long enough for PostgreSQL counters of earlier work to settle (see below).
    const idleStats = await pgStats();
    await phase('idle', 1, 'second', () => sleep(quietMs));
    pgBefore = await pgStats();
    if (pgBefore.xact_commit !== idleStats.xact_commit)
      log('redis: PostgreSQL counters were still settling');
    await phase('REST message', restN, 'message', () =>
      gen.call<ClosedResult>('httpClosed', {
        url: h.app.url,
        path: '/api/chat/message',
        connections: Math.min(8, restN),
        amount: restN,
        userPrefix: h.users('redis-rest'),
        secret: h.secret,
        message: MESSAGE,
      }),
    );
    await phase('Socket.IO handshake', sockets, 'connection', async () => {
      const c = await gen.call<ConnectResult>('ioConnect', {
        url: h.app.url,
        namespace: '/chat',
        userPrefix: h.users('redis-io'),
        total: sockets,
        secret: h.secret,
        parallel: sockets,
        auth: true,
      });
      if (c.result.open < sockets) throw new Error(`only ${c.result.open} sockets open`);
    });
    await phase('Socket.IO message', sockets * perSocket, 'message', async () => {
      const s = await gen.call<StreamSummary>('ioStreams', {
        users: sockets,
        streamsPerUser: perSocket,
        staggerMs: 0,
        message: MESSAGE,
      });
      if (s.result.failed > 0)
        throw new Error(`socket messages failed: ${s.result.firstError ?? ''}`);
    });
    await gen.call('ioDisconnect');
    // Backends publish their counters at most once a second while busy and ~10 s after going
    // idle: wait until every message's transactions are in and the counters stop moving.
    const messages = restN + sockets * perSocket;
    const until = performance.now() + quietMs + 15_000;
    let last = await pgStats();
    let stableSince = performance.now();
    while (performance.now() < until) {
      await sleep(250);
      const now = await pgStats();
      if (now.xact_commit !== last.xact_commit) stableSince = performance.now();
      last = now;
      if (
        now.xact_commit - pgBefore.xact_commit >= messages &&
        performance.now() - stableSince > quietMs
      )
        break;
    }
    pgAfter = last;
    pgMessages = messages;
  } finally {
    await pg.end().catch(() => undefined);
    await monitorClient.quit().catch(() => monitorClient.disconnect());
    marker.disconnect();
    await h.closeGenerator(gen);
  }
  for (const p of phases) {
    const from = marks.get(`${p.name}:start`);
    const to = marks.get(`${p.name}:end`);
    if (from === undefined || to === undefined)
      throw new Error(`MONITOR lost the markers of ${p.name}`);
    p.from = from;
    p.to = to;
  }

  // The app's connections: every client address that ever touched the app's prefix.
  const prefix = h.appPrefix;
  const touches = (s: Seen) => s.args.some((a) => a.startsWith(prefix));
  const appSources = new Set(
    seen.filter((s) => s.source !== 'lua' && touches(s)).map((s) => s.source),
  );
  const keyOf = (args: string[]) => args.find((a) => a.startsWith(prefix));
  const label = (args: string[]) => {
    const cmd = args[0].toUpperCase();
    const key = keyOf(args);
    if (key) return `${cmd} ${normalizeKey(key.slice(prefix.length))}`;
    // Pub/sub channels carry no prefix: name them anyway.
    return cmd === 'PUBLISH' || cmd === 'SPUBLISH' ? `${cmd} ${normalizeKey(args[1] ?? '')}` : cmd;
  };
  const tally = (p: Phase): Tally => {
    const t: Tally = { calls: new Map(), lua: new Map() };
    for (const s of seen.slice(p.from, p.to)) {
      const into =
        s.source === 'lua'
          ? touches(s)
            ? t.lua
            : null
          : appSources.has(s.source)
            ? t.calls
            : null;
      if (!into) continue;
      const l = label(s.args);
      into.set(l, (into.get(l) ?? 0) + 1);
    }
    return t;
  };
  const idle = phases.find((p) => p.name === 'idle')!;
  const idleTally = tally(idle);
  const background = (l: string, seconds: number, lua: boolean) =>
    ((lua ? idleTally.lua : idleTally.calls).get(l) ?? 0) * (seconds / idle.seconds);

  const sections: string[] = [];
  const summary: string[][] = [];
  /** Per-unit count of each top-level command label, by phase. */
  const perUnit = new Map<string, Map<string, number>>();
  const data: Record<string, unknown> = { appSources: [...appSources] };
  for (const p of phases) {
    if (p === idle) continue;
    const t = tally(p);
    const rows: string[][] = [];
    let calls = 0;
    let lua = 0;
    const add = (map: Map<string, number>, isLua: boolean) => {
      for (const [l, n] of [...map.entries()].sort((a, b) => b[1] - a[1])) {
        const per = Math.max(0, n - background(l, p.seconds, isLua)) / p.per;
        if (per < 0.005) continue;
        if (isLua) lua += per;
        else {
          calls += per;
          const m = perUnit.get(p.name) ?? new Map<string, number>();
          m.set(l, per);
          perUnit.set(p.name, m);
        }
        rows.push([isLua ? `↳ ${l} (in Lua)` : l, fmt(per, 2)]);
      }
    };
    add(t.calls, false);
    add(t.lua, true);
    summary.push([p.name, fmt(calls, 1), fmt(lua, 1)]);
    sections.push(
      `**${p.name}** (${p.per} ${p.unit}s; per ${p.unit}):`,
      '',
      table(['command', `per ${p.unit}`], rows),
      '',
    );
    data[p.name] = {
      calls: Object.fromEntries(t.calls),
      lua: Object.fromEntries(t.lua),
      per: p.per,
      seconds: p.seconds,
    };
    log(`redis: ${p.name}: ${fmt(calls, 1)} commands + ${fmt(lua, 1)} inside Lua per ${p.unit}`);
  }
  const idleRows = [...idleTally.calls.entries()].map(
    ([l, n]) => `${l} ${fmt(n / idle.seconds, 1)}/s`,
  );
  const pgRows: string[][] = [];
  if (pgBefore && pgAfter) {
    for (const k of Object.keys(pgAfter) as (keyof PgStats)[]) {
      pgRows.push([k, fmt((pgAfter[k] - pgBefore[k]) / pgMessages, 2)]);
    }
    data.postgres = { before: pgBefore, after: pgAfter, messages: pgMessages };
  }

  return {
    id: 'redis',
    title: '5. Redis commands per message',
    markdown: [
      "Redis `MONITOR` around each phase (marked with `ECHO` commands), counting the commands issued by the app's " +
        'own connections; commands that run inside a Lua script (`EVALSHA`) are listed under it as "in Lua" (no ' +
        'extra round trip, but Redis executes them). Background traffic measured while idle ' +
        `(${idleRows.length ? idleRows.join(', ') : 'none'}) is subtracted pro rata. Key names are shown without ` +
        `the prefix, with ids as \`{…}\`. The fake LLM streams ${chunks} chunks per answer.`,
      '',
      table(['phase', 'top-level commands', 'commands inside Lua'], summary),
      '',
      ...sections,
      ...savings(perUnit),
      `**PostgreSQL, for comparison** (\`pg_stat_database\` of the app's database over the ${pgMessages} REST and ` +
        'Socket.IO messages above; each autocommit statement is one transaction; B1 does 1 INSERT per message' +
        `${smoke ? '; smoke run: counters not given time to settle' : ''}):`,
      '',
      table(['counter', 'per message'], pgRows),
      '',
    ].join('\n'),
    targets: [],
    data,
  };
}

/**
 * What pipelining, batching or caching could remove, from what was counted. Each line appears
 * only when the commands it is about were seen.
 */
function savings(perUnit: Map<string, Map<string, number>>): string[] {
  const rest = perUnit.get('REST message') ?? new Map<string, number>();
  const io = perUnit.get('Socket.IO message') ?? new Map<string, number>();
  const n = (m: Map<string, number>, re: RegExp) =>
    [...m.entries()].filter(([k]) => re.test(k)).reduce((a, [, v]) => a + v, 0);
  const total = n(rest, /./);
  const lines: string[] = [];
  let removable = 0;
  const refill = n(rest, /^(LRANGE|MULTI|DEL|RPUSH|EXPIRE|EXEC) hist:c:|^(MULTI|EXEC)$/);
  if (refill > 0) {
    removable += refill;
    lines.push(
      `- **New conversation, cache refill** (${fmt(refill, 1)} per message: \`LRANGE\` miss, then \`MULTI DEL ` +
        'RPUSH EXPIRE EXEC`): the conversation was created by this very request, so its history is known (just the ' +
        'user message). Write the list when the conversation is created (or skip the lookup) and these go.',
    );
  }
  const userList = n(rest, /^EVALSHA hist:u:/);
  if (userList > 0) {
    removable += userList / 2;
    lines.push(
      `- **List appends** (${fmt(userList, 1)} \`EVALSHA\` per message: one per stored message, appending to the ` +
        "user's and the conversation's cached lists in one call, and only where they exist): for a conversation " +
        'opened by this very message neither list can hold it yet, so the first append could be skipped.',
    );
  }
  const limits = n(rest, /^EVAL \{rl:/);
  if (limits >= 2) {
    removable += limits - 1;
    lines.push(
      `- **Rate limits** (${fmt(limits, 1)} \`EVAL\` per message: the per-IP general bucket and the per-user chat ` +
        'bucket, each its own script and round trip): check both in one script call (or skip the general bucket on ' +
        'routes with a per-user bucket). `EVAL` also resends the script body each time; `EVALSHA` would not.',
    );
  }
  const lock = n(rest, /^(SET|EVALSHA) gen:/);
  if (lock >= 2) {
    removable += 1;
    lines.push(
      `- **Answer lock** (${fmt(lock, 1)} per message: \`SET NX PX\` and the unlock script): the lock could be ` +
        'taken in the same script as the chat rate limit.',
    );
  }
  if (total > 0) {
    lines.push(
      '- **Pipelining**: ioredis `enableAutoPipelining` is on, so commands issued in the same tick share one ' +
        'socket write; the round trips that remain are the ones that wait on each other (limit, then lock).',
    );
  }
  const xadd = n(io, /^XADD socket\.io/);
  const publish = n(io, /^PUBLISH /);
  if (xadd + publish > 0) {
    lines.push(
      `- **Socket.IO chunks** (${fmt(xadd, 1)} \`XADD\`${publish > 0 ? ` + ${fmt(publish, 1)} \`PUBLISH\`` : ''} ` +
        'per message): every emitted event is a stream entry (the Redis streams adapter, whose local delivery ' +
        'waits for the XADD reply: that is where the Socket.IO per-chunk delay in scenario 2 comes from)' +
        (publish > 0
          ? ', plus a `PUBLISH` of the plain-WebSocket copy for the instances that hold plain WebSocket clients'
          : '; the plain-WebSocket copy is published only while some instance holds plain WebSocket clients') +
        '. Coalescing deltas (e.g. one `message_chunk` per 30–50 ms) would divide the stream writes by the batch size.',
    );
  }
  if (lines.length === 0) return [];
  return [
    '**What pipelining, batching or caching could remove**' +
      (removable > 0
        ? ` (REST: about ${fmt(removable, 0)} of ${fmt(total, 0)} top-level commands per message):`
        : ':'),
    '',
    ...lines,
    '',
  ];
}

/** `hist:c:user-1a2b3c4d-7-u3:0b6f…` → `hist:c:{user}:{id}`. */
export function normalizeKey(key: string): string {
  return (
    key
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
      .replace(/[a-z][a-z0-9.-]*-[0-9a-f]{8}-\d+-u\d+/gi, '{user}')
      .replace(/(::ffff:)?\d{1,3}(\.\d{1,3}){3}|::1/g, '{ip}')
      .replace(/session:[^:]+$/, 'session:{id}')
      .replace(/:\d{6,}$/, ':{n}')
      // Composite keys length-prefix each part (`47.{user}`): the length says nothing here.
      .replace(/:\d+\.(?=\{)/g, ':')
  );
}
