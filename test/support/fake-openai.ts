import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeReply {
  /** The answer; split into `chunks` pieces when streaming. */
  text?: string;
  chunks?: string[];
  /** Milliseconds between streamed chunks. */
  gapMs?: number;
  /** Answer with this HTTP error status instead (and an error body that must never leak). */
  status?: number;
  retryAfterS?: number;
  /** Destroy the connection after this many chunks. */
  cutAfter?: number;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
  /** Send this many chunks, then go silent with the connection left open. */
  stallAfter?: number;
  finishReason?: 'stop' | 'length';
  model?: string;
  /**
   * Ask for these tools instead of (or after) the text, streamed the way OpenAI does: a first
   * delta per call with its id and name, then the arguments in small pieces, then
   * `finish_reason: "tool_calls"`.
   */
  toolCalls?: { name: string; arguments: unknown; id?: string }[];
}

export interface RecordedMessage {
  role: string;
  /** Typed as text for the suites that read prompts; null on an assistant turn of tool calls. */
  content: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface RecordedRequest {
  body: {
    model: string;
    messages: RecordedMessage[];
    tools?: { type: 'function'; function: { name: string; parameters: unknown } }[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_tokens?: number;
  };
  headers: IncomingMessage['headers'];
  /** The request target (path and query), e.g. Azure's `/openai/deployments/…?api-version=…`. */
  url: string;
  /** True when the client went away before the answer was complete. */
  aborted: boolean;
  /** How many chunks were written before it ended. */
  chunksSent: number;
}

/**
 * A real HTTP server speaking OpenAI's chat-completions protocol (JSON and SSE streaming with
 * `[DONE]` and a usage chunk), driven by the real `openai` SDK through OPENAI_BASE_URL.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  private queue: FakeReply[] = [];
  defaultReply: FakeReply = { text: 'Respuesta de prueba del modelo.' };
  private server: Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  /** Replies used in order by the next requests; then `defaultReply`. */
  enqueue(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  get last(): RecordedRequest {
    return this.requests[this.requests.length - 1];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'test' }],
        }),
      );
      return;
    }
    const raw = await new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString()));
      req.on('end', () => resolve(s));
    });
    const rec: RecordedRequest = {
      body: JSON.parse(raw) as RecordedRequest['body'],
      headers: req.headers,
      url: req.url ?? '',
      aborted: false,
      chunksSent: 0,
    };
    this.requests.push(rec);
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
    });
    const reply = this.queue.shift() ?? this.defaultReply;
    if (reply.hang) return;
    if (reply.status) {
      res.statusCode = reply.status;
      res.setHeader('content-type', 'application/json');
      if (reply.retryAfterS !== undefined) res.setHeader('retry-after', String(reply.retryAfterS));
      res.end(
        JSON.stringify({ error: { message: 'UPSTREAM-SECRET-ERROR-BODY', type: 'server_error' } }),
      );
      return;
    }
    const text = reply.text ?? (reply.toolCalls ? '' : (this.defaultReply.text ?? ''));
    const chunks = reply.chunks ?? (text === '' ? [] : text.split(/(?<= )/));
    const model = reply.model ?? rec.body.model;
    const promptTokens = rec.body.messages.reduce(
      (n, m) => n + Math.ceil((m.content ?? '').length / 4),
      0,
    );
    const completionTokens = chunks.length;
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    const id = `chatcmpl-${this.requests.length}`;
    const calls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `call_${this.requests.length}_${i}`,
      type: 'function' as const,
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    }));
    const finishReason = calls.length > 0 ? 'tool_calls' : (reply.finishReason ?? 'stop');
    if (!rec.body.stream) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: calls.length > 0 && text === '' ? null : chunks.join(''),
                ...(calls.length > 0 ? { tool_calls: calls } : {}),
              },
              finish_reason: finishReason,
            },
          ],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const base = {
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
    };
    send({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    for (let i = 0; i < chunks.length; i++) {
      if (rec.aborted || res.destroyed) return;
      if (reply.stallAfter !== undefined && i >= reply.stallAfter) return;
      if (reply.cutAfter !== undefined && i >= reply.cutAfter) {
        // Let the chunks already written reach the client before the connection drops.
        await new Promise((r) => setTimeout(r, 50));
        res.socket?.destroy();
        return;
      }
      send({
        ...base,
        choices: [{ index: 0, delta: { content: chunks[i] }, finish_reason: null }],
      });
      rec.chunksSent++;
      if (reply.gapMs) await new Promise((r) => setTimeout(r, reply.gapMs));
    }
    for (const [index, call] of calls.entries()) {
      if (rec.aborted || res.destroyed) return;
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index,
                  id: call.id,
                  type: 'function',
                  function: { name: call.function.name, arguments: '' },
                },
              ],
            },
            finish_reason: null,
          },
        ],
      });
      for (const piece of call.function.arguments.match(/.{1,7}/gs) ?? []) {
        send({
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index, function: { arguments: piece } }] },
              finish_reason: null,
            },
          ],
        });
        if (reply.gapMs) await new Promise((r) => setTimeout(r, reply.gapMs));
      }
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
    if (rec.body.stream_options?.include_usage) send({ ...base, choices: [], usage });
    res.end('data: [DONE]\n\n');
  }
}
