/**
 * The benchmark runner: `npm run bench` (full run, writes BENCHMARKS.md) or
 * `npm run bench:smoke` (every scenario at tiny sizes, asserts nothing about time, exits 0 when
 * every scenario ran; writes its report to a temporary file, never to BENCHMARKS.md).
 *
 * Options: --smoke; --only rest,streaming,sockets,redis,market,soak,sentiment,tracing (writes to a
 * temporary file);
 * --out FILE; --soak-messages N (the soak otherwise stops at 100k messages or ~3 minutes).
 * Needs the app built (dist/main.js) and the bench compiled (dist-bench/), PostgreSQL and Redis
 * on 127.0.0.1 (TEST_PG_ADMIN_URL / TEST_REDIS_URL point elsewhere).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Harness, PG_ADMIN_URL, REDIS_URL, ROOT } from './lib/harness';
import { foreignCores, snapshot, waitForQuiet } from './lib/noise';
import { canPin, pinSelf } from './lib/proc';
import { codeVersion, machine, renderReport } from './report';
import type { ScenarioContext, ScenarioReport } from './scenarios/common';
import { marketScenario } from './scenarios/market';
import { redisScenario } from './scenarios/redis';
import { restScenario } from './scenarios/rest';
import { sentimentScenario } from './scenarios/sentiment';
import { socketsScenario } from './scenarios/sockets';
import { soakScenario } from './scenarios/soak';
import { streamingScenario } from './scenarios/streaming';
import { tracingScenario } from './scenarios/tracing';

type Scenario = (ctx: ScenarioContext) => Promise<ScenarioReport>;

/** In report order; the soak runs last because it fills the database. */
const SCENARIOS: [string, string, Scenario][] = [
  ['sentiment', 'Sentiment analyzer', sentimentScenario],
  ['rest', '1. REST chat', restScenario],
  // After REST: it sets the no-op spans' cost against the app's time per message.
  ['tracing', 'Tracing off', tracingScenario],
  ['streaming', '2. Streaming', streamingScenario],
  ['sockets', '3. Sockets', socketsScenario],
  ['redis', '5. Redis commands per message', redisScenario],
  ['market', '6. Live market figures', marketScenario],
  ['soak', '4. Soak', soakScenario],
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function versions(): Promise<{ postgres: string; redis: string }> {
  let postgres = 'unknown';
  let redis = 'unknown';
  const pg = new Client({ connectionString: PG_ADMIN_URL });
  try {
    await pg.connect();
    postgres = (
      (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ??
      ''
    ).split(' ')[0];
  } catch {
    // reported as unknown
  } finally {
    await pg.end().catch(() => undefined);
  }
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    redis = /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? 'unknown';
  } catch {
    // reported as unknown
  } finally {
    r.disconnect();
  }
  return { postgres, redis };
}

async function main(): Promise<number> {
  const smoke = process.argv.includes('--smoke');
  const only = option('--only')?.split(',');
  const started = performance.now();
  const pinned = canPin() && pinSelf(1);
  const h = new Harness();
  const log = (msg: string) =>
    process.stdout.write(
      `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`,
    );
  log(
    `${smoke ? 'smoke run' : 'full run'}; ${pinned ? 'pinned (SUT on core 0, the rest on core 1)' : 'not pinned'}; logs in ${h.logDir}`,
  );

  let interrupted = false;
  const stop = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('interrupted: cleaning up');
    void h.cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const reports: ScenarioReport[] = [];
  const soakMessages = option('--soak-messages');
  const shared: ScenarioContext['shared'] = soakMessages
    ? { soakMessages: Number(soakMessages) }
    : {};
  const failed: string[] = [];
  const vers = await versions();
  // Read before the run: the build the run measures is made from this tree.
  const code = codeVersion(ROOT);
  try {
    log('starting the fake LLM, B0, B1, the plain Socket.IO server and the app');
    await h.startAll();
    for (const [id, title, scenario] of SCENARIOS) {
      if (only && !only.includes(id)) continue;
      const quiet = smoke ? undefined : await waitForQuiet(0.15, 90, log);
      const t0 = performance.now();
      const before = snapshot();
      log(`scenario ${id}`);
      try {
        const report = await scenario({ h, smoke, log, shared });
        report.seconds = (performance.now() - t0) / 1000;
        report.foreignCores = foreignCores(before, snapshot());
        report.foreignBefore = quiet;
        reports.push(report);
        log(`scenario ${id} done in ${report.seconds.toFixed(0)} s`);
      } catch (err) {
        failed.push(id);
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        log(`scenario ${id} FAILED: ${message}`);
        reports.push({
          id,
          title,
          markdown: `**Failed**: \`${message.split('\n')[0]}\``,
          targets: [],
          data: null,
        });
      }
    }
  } finally {
    log('cleaning up (processes, database, Redis keys)');
    await h.cleanup();
  }

  const markdown = renderReport({
    machine: machine(vers.postgres, vers.redis),
    pinned,
    smoke,
    reports,
    totalSeconds: (performance.now() - started) / 1000,
    date: new Date().toISOString().slice(0, 10),
    code,
  });
  const partial = smoke || only !== undefined;
  const out =
    option('--out') ?? (partial ? join(h.logDir, 'BENCHMARKS.md') : join(ROOT, 'BENCHMARKS.md'));
  writeFileSync(out, markdown);
  writeFileSync(join(h.logDir, 'results.json'), JSON.stringify(reports, null, 2));
  log(`report written to ${out}; raw results in ${join(h.logDir, 'results.json')}`);
  if (failed.length > 0) {
    log(`FAILED scenarios: ${failed.join(', ')}`);
    return 1;
  }
  log(`all ${reports.length} scenarios ran`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
