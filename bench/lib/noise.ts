import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './stats';

/**
 * How much CPU other work on the machine takes: total busy time (/proc/stat) minus the time of
 * this benchmark's own process tree and of the PostgreSQL and Redis servers it uses. The machine
 * may be shared, so each scenario reports it next to its figures.
 */
interface Snapshot {
  at: number;
  busy: number;
  ours: number;
}

const OWN_SERVICES = new Set(['postgres', 'redis-server']);

function cpuTicks(): { busy: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: v.slice(0, 8).reduce((a, b) => a + b, 0) - idle };
}

function ourTicks(): number {
  const procs = new Map<number, { ppid: number; comm: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // utime + stime, plus cutime + cstime: the time of children that exited and were reaped, so
      // a generator that finished within the window still counts as ours.
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      procs.set(Number(entry), { ppid: Number(f[1]), comm, ticks });
    } catch {
      // gone meanwhile
    }
  }
  let sum = 0;
  for (const [pid, p] of procs) {
    let mine = OWN_SERVICES.has(p.comm);
    for (let cur: number | undefined = pid, hops = 0; !mine && cur && hops < 64; hops++) {
      if (cur === process.pid) mine = true;
      cur = procs.get(cur)?.ppid;
    }
    if (mine) sum += p.ticks;
  }
  return sum;
}

export function snapshot(): Snapshot {
  return { at: performance.now(), busy: cpuTicks().busy, ours: ourTicks() };
}

/** Cores' worth of CPU used by other processes between two snapshots (clock ticks of 10 ms). */
export function foreignCores(a: Snapshot, b: Snapshot, ticksPerS = 100): number {
  const seconds = (b.at - a.at) / 1000;
  if (seconds <= 0) return 0;
  return Math.max(0, (b.busy - a.busy - (b.ours - a.ours)) / ticksPerS / seconds);
}

/**
 * Waits (up to `maxS`) until other processes use less than `threshold` cores over a 2 s
 * window; returns the last measured share.
 */
export async function waitForQuiet(
  threshold = 0.15,
  maxS = 90,
  log?: (m: string) => void,
): Promise<number> {
  const until = performance.now() + maxS * 1000;
  let warned = false;
  for (;;) {
    const a = snapshot();
    await sleep(2000);
    const load = foreignCores(a, snapshot());
    if (load < threshold || performance.now() > until) return load;
    if (!warned) {
      log?.(
        `other processes use ${load.toFixed(2)} cores: waiting for a quiet machine (up to ${maxS} s)`,
      );
      warned = true;
    }
  }
}
