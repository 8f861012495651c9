import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatReply } from './chat-reply';
import { SseReplyWriter } from './sse-reply.writer';

/** A real HTTP server on loopback whose one route is the test's handler. */
async function serve(
  handler: (writer: SseReplyWriter, req: IncomingMessage, res: ServerResponse) => Promise<void>,
) {
  const failures: unknown[] = [];
  const server: Server = createServer((req, res) => {
    handler(new SseReplyWriter(req, res), req, res).catch((err: unknown) => {
      failures.push(err);
      res.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    failures,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

interface SseEvent {
  event: string;
  data: unknown;
}

/** Parses an event stream as EventSource does (comments and data-less blocks skipped). */
function parseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return events;
}

const reply: ChatReply = {
  message_id: '5a2f6c1e-0c1d-4a5e-9a59-3f6c2b1d9e01',
  user_message_id: '5a2f6c1e-0c1d-4a5e-9a59-3f6c2b1d9e00',
  conversation_id: '5a2f6c1e-0c1d-4a5e-9a59-3f6c2b1d9e02',
  response: 'Hola, mundo',
  sentiment: { label: 'neutral', score: 0, confidence: 0.5 },
  model: 'scripted',
  finish_reason: 'stop',
  timestamp: '2026-01-02T03:04:05.000Z',
  sources: [],
  figures: { checked: 0, unverified: 0 },
  disclaimer: null,
};

describe('SseReplyWriter', () => {
  let srv: Awaited<ReturnType<typeof serve>> | null = null;
  afterEach(async () => {
    await srv?.close();
    srv = null;
  });

  it('streams chunk and tool events as they come, then done with the reply, and ends the stream', async () => {
    srv = await serve(async (writer) => {
      writer.onStart();
      writer.onDelta('Hola, ');
      writer.onTool({ message_id: reply.message_id, tool: 'market_quote', status: 'started' });
      writer.onTool({ message_id: reply.message_id, tool: 'market_quote', status: 'done' });
      writer.onDelta('mundo');
      await writer.done(reply);
    });
    const res = await fetch(srv.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Proxies must neither buffer nor transform the stream.
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const text = await res.text(); // resolves only once the server ended the response
    expect(parseEvents(text)).toEqual([
      { event: 'chunk', data: { delta: 'Hola, ' } },
      {
        event: 'tool',
        data: { message_id: reply.message_id, tool: 'market_quote', status: 'started' },
      },
      {
        event: 'tool',
        data: { message_id: reply.message_id, tool: 'market_quote', status: 'done' },
      },
      { event: 'chunk', data: { delta: 'mundo' } },
      { event: 'done', data: reply },
    ]);
    // No reconnection hint: a browser's EventSource must not POST the question again by itself.
    expect(text).not.toMatch(/^retry:/m);
    expect(srv.failures).toEqual([]);
  });

  it('ends a failed stream with an error event of only code and message, after the chunks so far', async () => {
    srv = await serve(async (writer) => {
      writer.onStart();
      writer.onDelta('Hola, ');
      await writer.fail({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'assistant_unavailable',
        message: 'El asistente no está disponible en este momento.',
      });
    });
    const res = await fetch(srv.url);
    expect(parseEvents(await res.text())).toEqual([
      { event: 'chunk', data: { delta: 'Hola, ' } },
      {
        event: 'error',
        data: {
          code: 'assistant_unavailable',
          message: 'El asistente no está disponible en este momento.',
        },
      },
    ]);
    expect(srv.failures).toEqual([]);
  });

  it('sends a repeat’s reply as the stream’s only event, done', async () => {
    srv = await serve(async (writer) => {
      writer.onReplay();
      await writer.done(reply);
    });
    const res = await fetch(srv.url);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(parseEvents(await res.text())).toEqual([{ event: 'done', data: reply }]);
  });

  it('opens nothing before the start, so an earlier failure is still a plain JSON response', async () => {
    const seen: boolean[] = [];
    srv = await serve((writer, _req, res) => {
      seen.push(writer.started);
      writer.onDelta('perdido');
      writer.onTool({ message_id: reply.message_id, tool: 'market_quote', status: 'started' });
      seen.push(writer.started, res.headersSent);
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 429, code: 'rate_limited' }));
      return Promise.resolve();
    });
    const res = await fetch(srv.url);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ statusCode: 429, code: 'rate_limited' });
    expect(seen).toEqual([false, false, false]);
  });

  it('reports started once the stream opens', async () => {
    const seen: boolean[] = [];
    srv = await serve(async (writer) => {
      writer.onStart();
      seen.push(writer.started);
      await writer.done(reply);
    });
    await (await fetch(srv.url)).text();
    expect(seen).toEqual([true]);
  });

  it('survives the client going away: events after it do not fail, and done still ends the response', async () => {
    let gone!: () => void;
    const clientGone = new Promise<void>((r) => (gone = r));
    let finish!: (outcome: unknown) => void;
    const finished = new Promise((r) => (finish = r));
    srv = await serve(async (writer, req, res) => {
      req.socket.once('close', gone);
      writer.onStart();
      writer.onDelta('Hola, ');
      await clientGone;
      writer.onDelta('nadie escucha');
      writer.onTool({ message_id: reply.message_id, tool: 'market_quote', status: 'started' });
      await writer.done(reply).then(
        () => finish({ ended: res.writableEnded }),
        (err: unknown) => finish(err),
      );
    });
    const controller = new AbortController();
    const res = await fetch(srv.url, { signal: controller.signal });
    await res.body!.getReader().read(); // the stream is open
    controller.abort();
    await expect(finished).resolves.toEqual({ ended: true });
  });
});
