import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  RECOVERY_WINDOW_MS,
  SOCKET_MAX_PAYLOAD_BYTES,
} from '../../src/modules/realtime/chat-io.adapter';
import type { FakeLlmConfig } from '../fake-llm';
import { BENCH_SECRET } from './jwt';
import { canPin, Core, freePort, NodeProcess, spawnNode, waitForHttp } from './proc';
import { scrape } from './prom';
import { RpcClient } from './rpc';
import { sleep } from './stats';

/** dist-bench/bench/lib → the repository root. */
export const ROOT = resolve(__dirname, '..', '..', '..');
const BENCH_JS = resolve(__dirname, '..');

export const PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** What a chat message says in every scenario (the same text for the app and the baselines). */
export const MESSAGE = '¿Conviene el MEP o el CCL para dolarizarme este mes?';

export interface Server {
  name: string;
  url: string;
  proc: NodeProcess;
}

/**
 * Everything a scenario needs: the processes under test (app on core 0 with B0, B1 and the plain
 * Socket.IO server), the fake LLM, fresh load generators on core 1, and the app's metrics.
 */
export class Harness {
  readonly id = randomBytes(4).toString('hex');
  readonly logDir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  readonly dbName = `bench_${this.id}`;
  readonly appPrefix = `bench-${this.id}-app:`;
  readonly b1Prefix = `bench-${this.id}-b1:`;
  readonly secret = BENCH_SECRET;
  readonly pinned = canPin();
  dbUrl = '';
  fake!: Server & { control: string };
  b0!: Server;
  b1!: Server;
  plain!: Server;
  app!: Server;
  private readonly generators = new Set<RpcClient>();
  private userSeq = 0;

  /** A user-id prefix no earlier step used (so no user is ever busy from a previous run). */
  users(tag: string): string {
    return `${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${this.id}-${++this.userSeq}-u`;
  }

  private spawn(
    name: string,
    script: string,
    core: Core,
    env: NodeJS.ProcessEnv,
    nodeArgs: string[] = [],
  ) {
    return spawnNode(name, script, {
      core,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      nodeArgs,
      logDir: this.logDir,
    });
  }

  async createDatabase(): Promise<void> {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${this.dbName}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${this.dbName}`;
    this.dbUrl = url.toString();
  }

  /** Starts the fake LLM, the baselines (unless `baselines: false`) and the app. */
  async startAll(opts: { baselines?: boolean; appNodeArgs?: string[] } = {}): Promise<void> {
    const main = join(ROOT, 'dist', 'main.js');
    if (!existsSync(main))
      throw new Error('dist/main.js is missing: run `npx tsc -p tsconfig.build.json` first');
    await this.createDatabase();

    const fake = this.spawn('fake-llm', join(BENCH_JS, 'fake-llm.js'), 1, {});
    const fakePort = Number((await fake.waitForLine(/^LISTENING (\d+)/))[1]);
    const fakeBase = `http://127.0.0.1:${fakePort}`;
    this.fake = { name: 'fake-llm', url: `${fakeBase}/v1`, control: fakeBase, proc: fake };

    if (opts.baselines !== false) await this.startBaselines();
    await this.startApp(main, opts.appNodeArgs ?? []);
  }

  private async startBaselines(): Promise<void> {
    const gcArgs = ['--expose-gc'];
    const b0 = this.spawn(
      'b0',
      join(BENCH_JS, 'baseline-b0.js'),
      0,
      { LLM_URL: this.fake.url, PORT: '0' },
      gcArgs,
    );
    const b1 = this.spawn(
      'b1',
      join(BENCH_JS, 'baseline-b1.js'),
      0,
      {
        LLM_URL: this.fake.url,
        PORT: '0',
        JWT_SECRET_KEY: this.secret,
        REDIS_URL,
        REDIS_KEY_PREFIX: this.b1Prefix,
        DATABASE_URL: this.dbUrl,
        RATE_LIMIT_CHAT_PER_MIN: '1000000',
      },
      gcArgs,
    );
    const plain = this.spawn(
      'plain-socketio',
      join(BENCH_JS, 'plain-socketio.js'),
      0,
      {
        PORT: '0',
        SOCKET_MAX_PAYLOAD_BYTES: String(SOCKET_MAX_PAYLOAD_BYTES),
        RECOVERY_WINDOW_MS: String(RECOVERY_WINDOW_MS),
      },
      gcArgs,
    );
    const port = async (p: NodeProcess) => Number((await p.waitForLine(/^LISTENING (\d+)/))[1]);
    this.b0 = { name: 'B0', url: `http://127.0.0.1:${await port(b0)}`, proc: b0 };
    this.b1 = { name: 'B1', url: `http://127.0.0.1:${await port(b1)}`, proc: b1 };
    this.plain = {
      name: 'plain Socket.IO',
      url: `http://127.0.0.1:${await port(plain)}`,
      proc: plain,
    };
  }

  private async startApp(main: string, extraNodeArgs: string[]): Promise<void> {
    const appPort = await freePort();
    const app = spawnNode('app', main, {
      core: 0,
      nodeArgs: [
        '--expose-gc',
        '-r',
        join(BENCH_JS, 'support', 'gc-on-signal.js'),
        ...extraNodeArgs,
      ],
      logDir: this.logDir,
      cwd: this.logDir,
      env: this.appEnv(appPort),
    });
    this.app = { name: 'app', url: `http://127.0.0.1:${appPort}`, proc: app };
    await waitForHttp(`${this.app.url}/health/ready`, 90_000, app);
  }

  appEnv(port: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      ENVIRONMENT: 'production',
      PORT: String(port),
      DATA_DIR: this.logDir,
      JWT_SECRET_KEY: this.secret,
      DATABASE_URL: this.dbUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: this.appPrefix,
      OPENAI_API_KEY: 'x',
      OPENAI_BASE_URL: this.fake.url,
      LOG_LEVEL: 'warn',
      // The highest values the configuration accepts (per user, per client IP): never reached here.
      RATE_LIMIT_CHAT_PER_MIN: '100000',
      RATE_LIMIT_GENERAL_PER_MIN: '1000000',
      RATE_LIMIT_HISTORY_PER_MIN: '100000',
      RATE_LIMIT_HANDSHAKES_PER_MIN: '100000',
      MAX_SOCKETS_PER_USER: '1000',
      SHUTDOWN_DRAIN_MS: '1000',
    };
  }

  /** Stops the app and starts a fresh process with the same settings (a new port). */
  async restartApp(): Promise<void> {
    await this.app.proc.stop(30_000);
    await this.startApp(join(ROOT, 'dist', 'main.js'), []);
  }

  /** Lines of the app's log (warnings and errors) matching `re` so far. */
  appLogCount(re: RegExp): number {
    try {
      return readFileSync(this.app.proc.logFile, 'utf8')
        .split('\n')
        .filter((l) => re.test(l)).length;
    } catch {
      return 0;
    }
  }

  /** A fresh load generator on core 1. */
  async generator(name = 'generator'): Promise<RpcClient> {
    const proc = spawnNode(
      `${name}-${this.generators.size + 1}`,
      join(BENCH_JS, 'load', 'generator.js'),
      {
        core: 1,
        stdin: true,
        nodeArgs: ['--max-old-space-size=4096'],
        logDir: this.logDir,
      },
    );
    const client = new RpcClient(proc);
    this.generators.add(client);
    await client.call('ping');
    return client;
  }

  async closeGenerator(g: RpcClient): Promise<void> {
    this.generators.delete(g);
    await g.close();
  }

  async setFake(cfg: Partial<FakeLlmConfig>): Promise<void> {
    const res = await fetch(`${this.fake.control}/_config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cfg),
    });
    if (!res.ok) throw new Error(`fake LLM config failed: ${res.status}`);
  }

  appMetrics(): Promise<Map<string, number>> {
    return scrape(`${this.app.url}/metrics`);
  }

  /** A full GC in the app (SIGUSR2, see support/gc-on-signal.ts), then a moment to settle. */
  async gcApp(): Promise<void> {
    process.kill(this.app.proc.pid, 'SIGUSR2');
    await sleep(300);
  }

  async plainMemory(gc: boolean): Promise<NodeJS.MemoryUsage> {
    const res = await fetch(`${this.plain.url}/memory${gc ? '?gc=1' : ''}`);
    return (await res.json()) as NodeJS.MemoryUsage;
  }

  async cleanup(): Promise<void> {
    for (const g of this.generators) await g.close().catch(() => undefined);
    this.generators.clear();
    const procs = [this.app, this.b0, this.b1, this.plain, this.fake].filter(
      (s) => s !== undefined,
    );
    await Promise.all(procs.map((s) => s.proc.stop().catch(() => undefined)));
    await dropKeys(`bench-${this.id}-`).catch(() => undefined);
    if (this.dbUrl) {
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      try {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
  }
}

/** Deletes every Redis key under `prefix` (SCAN + UNLINK, so Redis never blocks). */
export async function dropKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let n = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
}
