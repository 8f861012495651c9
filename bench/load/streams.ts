import { request } from 'node:http';
import { Agent } from 'node:http';
import { readStamps } from '../fake-llm';
import { signToken } from '../lib/jwt';
import { epochMs, mean, percentile, sleep } from '../lib/stats';

/** One streamed answer as the client saw it. */
export interface StreamSample {
  /** Request sent → first content chunk received. */
  ttftMs: number;
  /** Per content chunk: received here − sent by the fake LLM (same machine, same clock). */
  delaysMs: number[];
  chunks: number;
  totalMs: number;
}

export interface StreamSummary {
  streams: number;
  failed: number;
  ttftMs: number[];
  ttftP50Ms: number;
  ttftP99Ms: number;
  chunkDelayP50Ms: number;
  chunkDelayP99Ms: number;
  chunkDelayMeanMs: number;
  chunksPerStream: number;
  firstError?: string;
}

export function summarize(
  samples: StreamSample[],
  failed: number,
  firstError?: string,
): StreamSummary {
  const delays = samples.flatMap((s) => s.delaysMs);
  const ttft = samples.map((s) => s.ttftMs);
  return {
    streams: samples.length,
    failed,
    ttftMs: ttft.map((v) => Math.round(v * 1000) / 1000),
    ttftP50Ms: percentile(ttft, 50),
    ttftP99Ms: percentile(ttft, 99),
    chunkDelayP50Ms: percentile(delays, 50),
    chunkDelayP99Ms: percentile(delays, 99),
    chunkDelayMeanMs: mean(delays),
    chunksPerStream: samples.length ? Math.min(...samples.map((s) => s.chunks)) : 0,
    ...(firstError ? { firstError } : {}),
  };
}

export interface StreamPlan {
  /** Users streaming at the same time (each its own user). */
  users: number;
  streamsPerUser: number;
  /** User i starts i × staggerMs after the first, so starts never pile up. */
  staggerMs: number;
}

/** Runs `plan` with `one(userIndex)` producing each stream. */
export async function runPlan(
  plan: StreamPlan,
  one: (user: number) => Promise<StreamSample>,
): Promise<StreamSummary> {
  const samples: StreamSample[] = [];
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: plan.users }, async (_, u) => {
      await sleep(u * plan.staggerMs);
      for (let s = 0; s < plan.streamsPerUser; s++) {
        try {
          samples.push(await one(u));
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return summarize(samples, failed, firstError);
}

/** Content of one SSE `data:` payload: the app's `{ delta }` or an OpenAI chunk's delta. */
function deltaOf(data: string): string {
  if (data === '[DONE]') return '';
  try {
    const obj = JSON.parse(data) as {
      delta?: unknown;
      choices?: { delta?: { content?: unknown } }[];
    };
    if (typeof obj.delta === 'string') return obj.delta;
    const c = obj.choices?.[0]?.delta?.content;
    return typeof c === 'string' ? c : '';
  } catch {
    return '';
  }
}

export interface SseArgs extends StreamPlan {
  url: string;
  path: string;
  userPrefix: string;
  secret: string;
  message: string;
}

/** SSE streams over POST (the app's /api/chat/message/stream or a baseline's pipe). */
export function sseStreams(a: SseArgs): Promise<StreamSummary> {
  const target = new URL(a.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const tokens = Array.from({ length: a.users }, (_, i) =>
    signToken(`${a.userPrefix}${i}`, a.secret),
  );
  const body = JSON.stringify({ message: a.message });
  const one = (user: number) =>
    new Promise<StreamSample>((resolve, reject) => {
      const t0 = performance.now();
      let ttft = -1;
      const delays: number[] = [];
      let buffer = '';
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
            accept: 'text/event-stream',
            authorization: `Bearer ${tokens[user]}`,
          },
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`status ${String(res.statusCode)}`));
            return;
          }
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const now = epochMs();
            const nowRel = performance.now();
            buffer += chunk;
            let idx: number;
            while ((idx = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, idx);
              buffer = buffer.slice(idx + 2);
              for (const line of block.split('\n')) {
                if (!line.startsWith('data:')) continue;
                const stamps = readStamps(deltaOf(line.slice(5).trim()));
                if (stamps.length === 0) continue;
                if (ttft < 0) ttft = nowRel - t0;
                for (const s of stamps) delays.push(now - s);
              }
            }
          });
          res.on('end', () => {
            if (ttft < 0) reject(new Error('stream ended without content'));
            else
              resolve({
                ttftMs: ttft,
                delaysMs: delays,
                chunks: delays.length,
                totalMs: performance.now() - t0,
              });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return runPlan(a, one).finally(() => agent.destroy());
}
