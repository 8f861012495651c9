/**
 * Baseline B0: a bare node:http server that forwards a chat message to the same LLM the app
 * uses, through a keep-alive agent, and nothing else.
 *
 * - `POST /api/chat/message` `{ message }`: a non-streaming chat completion; answers
 *   `{ response, model, finish_reason, usage }`.
 * - `POST /api/chat/message/stream` `{ message }`: a streaming completion whose SSE body is
 *   piped to the client as it is.
 * - `GET /memory`: process.memoryUsage() (after a GC with `?gc=1` under --expose-gc).
 *
 * Env: LLM_URL (the OpenAI-compatible base URL, e.g. http://127.0.0.1:9000/v1), PORT (0: any),
 * LLM_MODEL. Prints `LISTENING <port>` once ready.
 *
 * Run: node dist-bench/bench/baseline-b0.js
 */
import { Agent, createServer, IncomingMessage, request, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY_LIMIT = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** What a baseline does before forwarding; B1 plugs its checks and writes in here. */
export type BeforeForward = (req: IncomingMessage, message: string) => Promise<void>;

export interface BaselineOptions {
  port: number;
  llmUrl: string;
  model?: string;
  before?: BeforeForward;
}

export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(new HttpError(413, 'payload_too_large'));
        req.destroy();
        return;
      }
      parts.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'invalid_json'));
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function memory(res: ServerResponse, url: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (url.includes('gc=1') && gc) gc();
  sendJson(res, 200, process.memoryUsage());
}

interface Completion {
  model: string;
  choices: { message: { content: string }; finish_reason: string }[];
  usage?: unknown;
}

export function startBaseline(opts: BaselineOptions): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024, keepAliveMsecs: 30_000 });
  const llm = new URL(`${opts.llmUrl.replace(/\/+$/, '')}/chat/completions`);
  const model = opts.model ?? 'gpt-4-turbo';

  const upstream = (message: string, stream: boolean) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const payload = JSON.stringify({
        model,
        messages: [{ role: 'user', content: message }],
        stream,
        ...(stream ? { stream_options: { include_usage: true } } : {}),
        max_tokens: 800,
      });
      const up = request(
        {
          agent,
          method: 'POST',
          host: llm.hostname,
          port: llm.port,
          path: llm.pathname,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: 'Bearer x',
          },
        },
        resolve,
      );
      up.on('error', reject);
      up.end(payload);
    });

  const chat = async (req: IncomingMessage, res: ServerResponse, stream: boolean) => {
    const body = (await readJsonBody(req)) as { message?: unknown };
    if (typeof body?.message !== 'string' || body.message.trim() === '') {
      throw new HttpError(400, 'invalid_input');
    }
    const message = body.message.trim();
    if (opts.before) await opts.before(req, message);
    const up = await upstream(message, stream);
    if (up.statusCode !== 200) {
      up.resume();
      throw new HttpError(503, 'assistant_unavailable');
    }
    if (stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      up.pipe(res);
      return;
    }
    const parts: Buffer[] = [];
    for await (const c of up) parts.push(c as Buffer);
    const done = JSON.parse(Buffer.concat(parts).toString('utf8')) as Completion;
    sendJson(res, 200, {
      response: done.choices[0]?.message.content ?? '',
      model: done.model,
      finish_reason: done.choices[0]?.finish_reason ?? 'stop',
      usage: done.usage,
    });
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    let work: Promise<void>;
    if (req.method === 'POST' && url === '/api/chat/message') work = chat(req, res, false);
    else if (req.method === 'POST' && url === '/api/chat/message/stream')
      work = chat(req, res, true);
    else if (req.method === 'GET' && url.startsWith('/memory'))
      work = Promise.resolve(memory(res, url));
    else if (req.method === 'GET' && url === '/health')
      work = Promise.resolve(sendJson(res, 200, { status: 'ok' }));
    else work = Promise.reject(new HttpError(404, 'not_found'));
    work.catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const code = err instanceof HttpError ? err.code : 'internal_error';
      if (!res.headersSent) sendJson(res, status, { error: code });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return new Promise((resolve) =>
    server.listen(opts.port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

if (require.main === module) {
  void startBaseline({
    port: Number(process.env.PORT ?? 0),
    llmUrl: requireEnv('LLM_URL'),
    model: process.env.LLM_MODEL,
  }).then((port) => process.stdout.write(`LISTENING ${port}\n`));
  process.on('SIGTERM', () => process.exit(0));
}
