import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, ChildApp, freePort, startChildApp } from '../support/child-app';
import { TEST_REDIS_URL } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { FakeOtlpReceiver } from '../support/fake-otlp';
import { createTestDatabase } from '../support/postgres';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, until } from '../support/sockets';

const SECRET_TEXT = 'mi-texto-secreto-que-no-debe-salir';

describe('tracing with an OTLP endpoint configured', () => {
  const llm = new FakeOpenAi();
  const otlp = new FakeOtlpReceiver();
  let db: { url: string; drop: () => Promise<void> };
  let app: ChildApp;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    buildApp();
    await llm.start();
    await otlp.start();
    db = await createTestDatabase();
    app = await startChildApp(await freePort(), {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-trace-')),
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: `chat-trace-${Date.now()}:`,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: 'fake-model',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'chat-service-test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    children.push(app.child);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await llm.stop();
    await otlp.stop();
    await db.drop();
  });

  it('joins the caller trace, covers HTTP, PostgreSQL, Redis and the LLM call, and sends traceparent on', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${app.url}/api/chat/message`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${tokenFor('tracer')}`,
        'Content-Type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ message: `Hola ${SECRET_TEXT}` }),
    });
    expect(res.status).toBe(200);

    await until(() => otlp.spans.some((s) => s.traceId === traceId && s.kind === 2), 10_000);
    await until(() => otlp.spans.filter((s) => s.traceId === traceId).length >= 5, 10_000);
    const spans = otlp.spans.filter((s) => s.traceId === traceId);
    const names = spans.map((s) => `${s.scope} ${s.name}`);

    // The incoming request (a server span) continues the caller's trace.
    const server = spans.find((s) => s.kind === 2);
    expect(server?.parentSpanId).toBe('00f067aa0ba902b7');
    expect(spans.some((s) => s.scope.includes('instrumentation-pg'))).toBe(true);
    expect(spans.some((s) => s.scope.includes('instrumentation-ioredis'))).toBe(true);
    // The outgoing LLM request is a client span of the same trace, and carries traceparent.
    expect(spans.some((s) => s.scope.includes('instrumentation-undici'))).toBe(true);
    expect(llm.last.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // The LLM call itself, with the GenAI semantic conventions; the HTTP request is its child.
    const chat = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chat).toMatchObject({
      name: 'chat fake-model',
      kind: 3,
      attributes: expect.objectContaining({
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'fake-model',
        'gen_ai.response.model': 'fake-model',
        'gen_ai.usage.input_tokens': expect.any(Number),
        'gen_ai.usage.output_tokens': expect.any(Number),
      }),
    });
    const outgoing = spans.find((s) => s.scope.includes('instrumentation-undici'));
    expect(outgoing?.parentSpanId).toBe(chat!.spanId);
    expect(otlp.resources.some((r) => r['service.name'] === 'chat-service-test')).toBe(true);

    // No message text in any span.
    const dump = JSON.stringify(otlp.spans);
    expect(dump).not.toContain(SECRET_TEXT);
    expect(names.length).toBeGreaterThan(0);

    // The request's log line carries the trace id.
    await until(() => app.output().includes('POST /api/chat/message - 200'), 5_000);
    const line = app
      .output()
      .split('\n')
      .find((l) => l.includes('POST /api/chat/message - 200'));
    expect(JSON.parse(line!)).toMatchObject({ trace_id: traceId });
  });

  it('traces a Socket.IO send_message as its own trace, with the answer’s LLM call inside it', async () => {
    const socket = connectIo(app.url, tokenFor('tracer-socket'));
    await connected(socket);
    const ack = await socket.emitWithAck('send_message', { message: `Hola ${SECRET_TEXT}` });
    expect(ack.ok).toBe(true);
    await until(() => socket.events.some((e) => e.event === 'message'), 10_000);
    socket.disconnect();

    await until(() => otlp.spans.some((s) => s.name === 'socketio send_message'), 10_000);
    const root = otlp.spans.find((s) => s.name === 'socketio send_message')!;
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'messaging.system': 'socket.io' });
    await until(
      () =>
        otlp.spans.some(
          (s) => s.traceId === root.traceId && s.attributes['gen_ai.operation.name'] === 'chat',
        ),
      10_000,
    );
    const trace = otlp.spans.filter((s) => s.traceId === root.traceId);
    expect(trace.some((s) => s.scope.includes('instrumentation-pg'))).toBe(true);
    expect(JSON.stringify(otlp.spans)).not.toContain(SECRET_TEXT);
  });
});
