import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sleep } from './stats';

/** Core 0 runs the system under test; core 1 runs everything else (generators, fakes, runner). */
export type Core = 0 | 1;

let tasksetChecked: boolean | null = null;

/** Whether `taskset` exists and this machine has at least two cores to pin to. */
export function canPin(): boolean {
  if (tasksetChecked === null) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      tasksetChecked = cpuCount() >= 2;
    } catch {
      tasksetChecked = false;
    }
  }
  return tasksetChecked;
}

/** Online CPUs of the machine (not just those this process may run on once pinned). */
export function cpuCount(): number {
  return Math.max(cpus().length, availableParallelism());
}

/** Moves every thread of this process to `core` (children inherit it). */
export function pinSelf(core: Core): boolean {
  if (!canPin()) return false;
  try {
    execFileSync('taskset', ['-apc', String(core), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const children = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

export interface NodeProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Where its standard error (and stray standard output) is written. */
  logFile: string;
  /** Resolves with the first stdout line matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  onLine(listener: (line: string) => void): void;
  stop(timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  core?: Core | null;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  args?: string[];
  logDir: string;
  /** Keep stdin open (the generators read commands from it). */
  stdin?: boolean;
  cwd?: string;
}

/**
 * Starts `node script` pinned to a core (when taskset exists) with a raised open-files limit,
 * through `bash -c 'ulimit …; exec …'` so the pid stays the node process's own.
 */
export function spawnNode(name: string, script: string, opts: SpawnOptions): NodeProcess {
  const pin = opts.core !== undefined && opts.core !== null && canPin();
  const argv = [
    '-c',
    'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"',
    'bench',
    ...(pin ? ['taskset', '-c', String(opts.core)] : []),
    process.execPath,
    ...(opts.nodeArgs ?? []),
    script,
    ...(opts.args ?? []),
  ];
  const child = spawn('bash', argv, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const logFile = join(opts.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr?.pipe(log);
  const listeners = new Set<(line: string) => void>();
  // The first lines are kept so a wait that starts late still sees them (e.g. LISTENING).
  const early: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (early.length < 50) early.push(line);
    if (listeners.size === 0) log.write(`${line}\n`);
    for (const l of listeners) l(line);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const proc: NodeProcess = {
    name,
    child,
    pid: child.pid,
    logFile,
    onLine: (l) => listeners.add(l),
    waitForLine: (re, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        for (const line of early) {
          const m = re.exec(line);
          if (m) {
            resolve(m);
            return;
          }
        }
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `${name}: no line matching ${String(re)} within ${timeoutMs} ms (see ${logFile})`,
            ),
          );
        }, timeoutMs);
        const check = (line: string) => {
          const m = re.exec(line);
          if (!m) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(m);
        };
        listeners.add(check);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${String(code)} (see ${logFile})`));
        });
      }),
    stop: async (timeoutMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([
        exited.then(() => true),
        sleep(timeoutMs).then(() => false),
      ]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    exited,
  };
  return proc;
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(
  url: string,
  timeoutMs = 60_000,
  proc?: NodeProcess,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => (exited = true));
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (exited)
      throw new Error(`${proc?.name ?? url} exited before answering (see ${proc?.logFile ?? '-'})`);
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

let clockTicks: number | null = null;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** Measures the share of one core a process used while `fn` ran. */
export async function withCpu<T>(
  pid: number,
  fn: () => Promise<T>,
): Promise<{ value: T; cpu: number }> {
  const c0 = processCpuSeconds(pid);
  const t0 = performance.now();
  const value = await fn();
  const cpu = (processCpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
  return { value, cpu };
}
