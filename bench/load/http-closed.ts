import autocannon from 'autocannon';
import { signToken } from '../lib/jwt';

export interface ClosedArgs {
  url: string;
  path: string;
  connections: number;
  /** Seconds (ignored when `amount` is set). */
  durationS?: number;
  /** Stop after this many responses instead. */
  amount?: number;
  /** Connection i speaks for user `${userPrefix}${i}` (one answer in flight per user). */
  userPrefix: string;
  secret: string;
  message: string;
}

export interface ClosedResult {
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  statusCodes: Record<string, number>;
  /** 409 answers (user still busy); the connection moved on to a new user after each. */
  busy: number;
}

/**
 * Closed-loop saturation with autocannon: `connections` keep-alive connections, each with its
 * own user's token, one request at a time each (no pipelining).
 */
export async function httpClosed(a: ClosedArgs): Promise<ClosedResult> {
  let next = 0;
  let busy = 0;
  const body = JSON.stringify({ message: a.message });
  const result = await autocannon({
    url: a.url,
    connections: a.connections,
    pipelining: 1,
    timeout: 30,
    ...(a.amount ? { amount: a.amount } : { duration: a.durationS ?? 5 }),
    setupClient: (client) => {
      const use = () => {
        const token = signToken(`${a.userPrefix}${next++}`, a.secret);
        client.setRequests([
          {
            method: 'POST',
            path: a.path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          },
        ]);
      };
      use();
      // A 409 means this user is still marked busy (e.g. a lock the app could not release):
      // carry on as a new user so the run keeps exercising the pipeline, and count it.
      client.on('response', (status: number) => {
        if (status !== 409) return;
        busy++;
        use();
      });
    },
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = v.count;
  return {
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statusCodes,
    busy,
  };
}
