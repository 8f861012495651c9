/**
 * A zero-latency OpenAI-compatible server for the benchmarks, run as its own process.
 *
 * - `POST …/chat/completions`: JSON, or SSE when `stream: true` (a role chunk, `chunks` content
 *   chunks `gapMs` apart, a finish chunk, a usage chunk when asked, `[DONE]`).
 * - `GET …/models`: a one-model list (health probes).
 * - `POST /_config` `{ chunks?, gapMs? }`: changes the answer for the next requests.
 * - `GET /_stats`: requests served so far, and the arrival times of the latest ones.
 *
 * Every content chunk is one word `x<send time>` (epoch microseconds in base 36, then a space),
 * so a client can compute, per chunk, how long it took from this server to the client through
 * whatever sits in between. Prints `LISTENING <port>` once ready.
 *
 * Run: node dist-bench/bench/fake-llm.js [--port N]
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlmConfig {
  chunks: number;
  gapMs: number;
}

const config: FakeLlmConfig = { chunks: 20, gapMs: 0 };
let served = 0;
let seq = 0;
/** Arrival times (epoch ms) of the latest completion requests, for request timelines. */
const arrivals: number[] = [];

/** `x` + the current epoch time in microseconds, base 36. */
export function stampWord(): string {
  return `x${Math.round((performance.timeOrigin + performance.now()) * 1000).toString(36)} `;
}

/** Epoch milliseconds of every stamp found in `text`. */
export function readStamps(text: string): number[] {
  const out: number[] = [];
  const re = /x([0-9a-z]{9,})/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(parseInt(m[1], 36) / 1000);
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

interface CompletionRequest {
  model?: string;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
  arrivals.push(performance.timeOrigin + performance.now());
  if (arrivals.length > 1000) arrivals.shift();
  const body = JSON.parse(await readBody(req)) as CompletionRequest;
  served++;
  const id = `chatcmpl-bench-${++seq}`;
  const model = body.model ?? 'bench-model';
  const created = Math.floor(Date.now() / 1000);
  const promptTokens = (body.messages ?? []).reduce(
    (n, m) => n + Math.ceil(m.content.length / 4),
    0,
  );
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: config.chunks,
    total_tokens: promptTokens + config.chunks,
  };
  if (!body.stream) {
    let content = '';
    for (let i = 0; i < config.chunks; i++) content += stampWord();
    json(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage,
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":`;
  const send = (choices: string, extra = '') => res.write(`data: ${base}${choices}${extra}}\n\n`);
  send('[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]');
  const { chunks, gapMs } = config;
  for (let i = 0; i < chunks; i++) {
    if (res.destroyed) return;
    send(`[{"index":0,"delta":{"content":"${stampWord()}"},"finish_reason":null}]`);
    if (gapMs > 0 && i < chunks - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  if (res.destroyed) return;
  send('[{"index":0,"delta":{},"finish_reason":"stop"}]');
  if (body.stream_options?.include_usage) send('[]', `,"usage":${JSON.stringify(usage)}`);
  res.end('data: [DONE]\n\n');
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  if (req.method === 'POST' && url.endsWith('/chat/completions')) return completions(req, res);
  if (req.method === 'GET' && url.endsWith('/models')) {
    return json(res, 200, {
      object: 'list',
      data: [{ id: 'bench-model', object: 'model', created: 0, owned_by: 'bench' }],
    });
  }
  if (req.method === 'POST' && url === '/_config') {
    const patch = JSON.parse((await readBody(req)) || '{}') as Partial<FakeLlmConfig>;
    if (typeof patch.chunks === 'number' && patch.chunks >= 1)
      config.chunks = Math.floor(patch.chunks);
    if (typeof patch.gapMs === 'number' && patch.gapMs >= 0) config.gapMs = patch.gapMs;
    return json(res, 200, config);
  }
  if (req.method === 'GET' && url === '/_stats')
    return json(res, 200, { served, ...config, arrivals });
  json(res, 404, { error: { message: 'not found' } });
}

export function startFakeLlm(port = 0): Promise<number> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: { message: 'fake failed' } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

if (require.main === module) {
  const at = process.argv.indexOf('--port');
  void startFakeLlm(at > 0 ? Number(process.argv[at + 1]) : 0).then((port) => {
    process.stdout.write(`LISTENING ${port}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}
