import { io, Socket } from 'socket.io-client';
import { runOpenLoop } from '../lib/open-loop';
import { readStamps } from '../fake-llm';
import { signToken } from '../lib/jwt';
import { epochMs, percentile } from '../lib/stats';
import { runPlan, StreamPlan, StreamSample, StreamSummary } from './streams';

/** The sockets this generator holds open, in connection order (socket i is user i). */
const pool: Socket[] = [];

export interface ConnectArgs {
  url: string;
  namespace: string;
  userPrefix: string;
  /** Opens sockets until the pool holds `total` of them. */
  total: number;
  secret: string;
  /** Handshakes in flight at once. */
  parallel: number;
  /** Send a token (the app); the plain Socket.IO server ignores it either way. */
  auth: boolean;
}

export interface ConnectResult {
  open: number;
  opened: number;
  failed: number;
  seconds: number;
  firstError?: string;
}

function connectOne(a: ConnectArgs, user: number): Promise<Socket> {
  const socket = io(`${a.url}${a.namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
    auth: a.auth ? { token: signToken(`${a.userPrefix}${user}`, a.secret) } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error) => {
      socket.close();
      reject(err);
    });
  });
}

/** Grows the pool to `total` sockets. */
export async function ioConnect(a: ConnectArgs): Promise<ConnectResult> {
  const t0 = performance.now();
  const from = pool.length;
  let next = from;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < a.total) {
      const user = next++;
      try {
        pool[user] = await connectOne(a, user);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, a.parallel) }, worker));
  // Keep the pool dense even if some handshakes failed.
  for (let i = pool.length - 1; i >= 0; i--) if (!pool[i]) pool.splice(i, 1);
  return {
    open: pool.filter((s) => s.connected).length,
    opened: pool.length - from,
    failed,
    seconds: (performance.now() - t0) / 1000,
    ...(firstError ? { firstError } : {}),
  };
}

export async function ioDisconnect(): Promise<{ closed: number }> {
  const n = pool.length;
  for (const s of pool.splice(0)) s.close();
  await new Promise((r) => setTimeout(r, 200));
  return { closed: n };
}

interface ChunkEvent {
  delta: string;
}

/** One exchange over socket `i`: send_message, then chunks until the final `message`. */
function exchange(i: number, message: string, timeoutMs = 30_000): Promise<StreamSample> {
  const socket = pool[i];
  if (!socket?.connected) return Promise.reject(new Error(`socket ${i} is not connected`));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttft = -1;
    const delays: number[] = [];
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('message_chunk', onChunk);
      socket.off('message', onMessage);
      socket.off('error', onError);
    };
    const onChunk = (c: ChunkEvent) => {
      const now = epochMs();
      const stamps = readStamps(c.delta);
      if (stamps.length === 0) return;
      if (ttft < 0) ttft = performance.now() - t0;
      for (const s of stamps) delays.push(now - s);
    };
    const onMessage = () => {
      cleanup();
      if (ttft < 0) reject(new Error('answer without chunks'));
      else
        resolve({
          ttftMs: ttft,
          delaysMs: delays,
          chunks: delays.length,
          totalMs: performance.now() - t0,
        });
    };
    const onError = (e: { code?: string }) => {
      cleanup();
      reject(new Error(`error event ${e.code ?? ''}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('timed out'));
    }, timeoutMs);
    socket.on('message_chunk', onChunk);
    socket.on('message', onMessage);
    socket.on('error', onError);
    socket.emit('send_message', { message }, (ack: { ok: boolean; error?: { code: string } }) => {
      if (!ack.ok) {
        cleanup();
        reject(new Error(`refused: ${ack.error?.code ?? 'unknown'}`));
      }
    });
  });
}

export interface IoStreamArgs extends StreamPlan {
  message: string;
}

/** Streams over the first `users` sockets of the pool. */
export function ioStreams(a: IoStreamArgs): Promise<StreamSummary> {
  if (pool.length < a.users)
    return Promise.reject(new Error(`pool has ${pool.length} sockets, ${a.users} needed`));
  return runPlan(a, (u) => exchange(u, a.message));
}

export interface IoRateArgs {
  /** Messages per second, evenly spaced, over the first `sockets` of the pool. */
  rate: number;
  durationS: number;
  sockets: number;
  message: string;
}

export interface IoRateResult {
  sent: number;
  completed: number;
  failed: number;
  noIdleSocket: number;
  achievedPerS: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

/** Open-loop messages over Socket.IO: each due message goes to a socket with nothing in flight. */
export function ioRate(a: IoRateArgs): Promise<IoRateResult> {
  const n = Math.min(a.sockets, pool.length);
  const idle = Array.from({ length: n }, (_, i) => i);
  const latencies: number[] = [];
  let sent = 0;
  let completed = 0;
  let failed = 0;
  let noIdleSocket = 0;
  let inflight = 0;
  let firstError: string | undefined;
  const total = Math.max(1, Math.round(a.rate * a.durationS));
  const intervalMs = 1000 / a.rate;
  return new Promise((resolve) => {
    let stopped = false;
    const start = performance.now();
    const finish = () => {
      if (!stopped || inflight > 0) return;
      resolve({
        sent,
        completed,
        failed,
        noIdleSocket,
        achievedPerS: completed / Math.max(a.durationS, (performance.now() - start) / 1000),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        ...(firstError ? { firstError } : {}),
      });
    };
    const fire = (due: number) => {
      const i = idle.pop();
      if (i === undefined) {
        noIdleSocket++;
        return;
      }
      sent++;
      inflight++;
      exchange(i, a.message)
        .then(
          () => {
            completed++;
            latencies.push(performance.now() - due);
          },
          (err: unknown) => {
            failed++;
            firstError ??= err instanceof Error ? err.message : String(err);
          },
        )
        .finally(() => {
          inflight--;
          idle.unshift(i);
          finish();
        });
    };
    runOpenLoop(total, intervalMs, start, fire, () => {
      stopped = true;
      finish();
    });
  });
}
