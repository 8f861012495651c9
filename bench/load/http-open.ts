import { Agent, request } from 'node:http';
import { runOpenLoop } from '../lib/open-loop';
import { signToken } from '../lib/jwt';
import { percentile } from '../lib/stats';

export interface OpenArgs {
  url: string;
  path: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationS: number;
  /** Not recorded: lets connections open and the JIT settle at the same rate first. */
  warmupS?: number;
  userPrefix: string;
  /** Size of the user pool; a request goes to a user with nothing in flight. */
  users: number;
  secret: string;
  message: string;
}

export interface OpenResult {
  sent: number;
  ok: number;
  failed: number;
  /** Requests that found no idle user (the pool was too small for the latency). */
  noIdleUser: number;
  achievedRps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the generator itself sent requests (its own lag), p99. */
  sendLagP99Ms: number;
  /** 409 answers so far (those users were replaced by new ones). */
  busy: number;
}

/**
 * Open-loop generator: request i is due at start + i / rate, whatever happened to the
 * previous ones (no coordinated omission); latency is measured from the due time.
 */
export async function httpOpen(a: OpenArgs): Promise<OpenResult> {
  const target = new URL(a.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 30_000 });
  const idle: string[] = [];
  let nextUser = a.users;
  let busy = 0;
  for (let i = 0; i < a.users; i++) idle.push(signToken(`${a.userPrefix}${i}`, a.secret));
  const body = JSON.stringify({ message: a.message });

  const phase = (seconds: number, record: boolean) =>
    new Promise<OpenResult>((resolve) => {
      const latencies: number[] = [];
      const sendLag: number[] = [];
      let sent = 0;
      let ok = 0;
      let failed = 0;
      let noIdleUser = 0;
      let inflight = 0;
      let stopped = false;
      const total = Math.max(1, Math.round(seconds * a.rate));
      const start = performance.now();
      const intervalMs = 1000 / a.rate;

      const finish = () => {
        if (!stopped || inflight > 0) return;
        const elapsed = Math.max(seconds, (performance.now() - start) / 1000);
        resolve({
          sent,
          ok,
          failed,
          noIdleUser,
          achievedRps: ok / elapsed,
          p50Ms: percentile(latencies, 50),
          p90Ms: percentile(latencies, 90),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
          sendLagP99Ms: percentile(sendLag, 99),
          busy,
        });
      };

      const fire = (due: number) => {
        const token = idle.pop();
        if (token === undefined) {
          noIdleUser++;
          return;
        }
        sent++;
        inflight++;
        if (record) sendLag.push(performance.now() - due);
        const done = (success: boolean, status?: number) => {
          inflight--;
          // A user answered 409 is still marked busy: replace it with a new one.
          if (status === 409) {
            busy++;
            idle.unshift(signToken(`${a.userPrefix}${nextUser++}`, a.secret));
          } else idle.unshift(token);
          if (success) {
            ok++;
            if (record) latencies.push(performance.now() - due);
          } else failed++;
          finish();
        };
        const req = request(
          {
            agent,
            method: 'POST',
            host: target.hostname,
            port: target.port,
            path: a.path,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${token}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode === 200, res.statusCode));
            res.on('error', () => done(false));
          },
        );
        req.on('error', () => done(false));
        req.end(body);
      };

      runOpenLoop(total, intervalMs, start, fire, () => {
        stopped = true;
        finish();
      });
    });

  if (a.warmupS) await phase(a.warmupS, false);
  const result = await phase(a.durationS, true);
  agent.destroy();
  return result;
}
