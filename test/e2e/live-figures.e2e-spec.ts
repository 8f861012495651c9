import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeMarket } from '../support/fake-market';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { connected, connectIo, connectWs, until, waitFor } from '../support/sockets';
import { postSse } from '../support/sse';

const MEP_CALL = { name: 'get_fx_rates', arguments: { casas: ['bolsa'] } };
const MEP_TEXT = 'El dólar MEP está a $1.193,40 para la venta, según DolarApi.';

describe('live market figures through the tool loop, on every transport', () => {
  const llm = new FakeOpenAi();
  const market = new FakeMarket();
  let t: TestApp;
  let drop: () => Promise<void>;
  const token = tokenFor('lucia');
  const auth = { Authorization: `Bearer ${token}` };
  const send = (body: Record<string, unknown>) =>
    request(t.url).post('/api/chat/message').set(auth).send(body);

  beforeAll(async () => {
    await llm.start();
    await market.start();
    const db = await createTestDatabase();
    drop = db.drop;
    t = await bootApp(
      testConfig({
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MODEL: 'fake-gpt',
        OPENAI_MAX_RETRIES: '0',
        MARKET_SOURCES: 'dolarapi,argentinadatos,bcra,data912',
        MARKET_TIMEOUT_MS: '1000',
        ...market.env(),
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
    await market.stop();
    await drop();
  });
  beforeEach(() => {
    market.modes.clear();
    market.delayMs = 0;
  });

  it('REST: offers the tools, runs the one asked for and answers with its source and as-of', async () => {
    llm.enqueue({ toolCalls: [MEP_CALL] }, { text: MEP_TEXT });
    const before = llm.requests.length;
    const res = await send({ message: '¿A cuánto está el dólar MEP?' }).expect(200);
    expect(res.body.response).toBe(MEP_TEXT);
    expect(res.body.sources).toEqual([
      {
        id: 'dolarapi',
        name: 'DolarApi',
        url: 'https://dolarapi.com',
        as_of: '2026-12-04T15:00:00.000Z',
        tool: 'get_fx_rates',
      },
    ]);
    expect(res.body.figures).toEqual({ checked: 1, unverified: 0 });
    const [first, second] = llm.requests.slice(before);
    expect(first.body.tools?.map((x) => x.function.name)).toEqual([
      'get_fx_rates',
      'get_quotes',
      'get_macro',
      'get_rates',
    ]);
    const toolMessage = second.body.messages.at(-1)!;
    expect(toolMessage.role).toBe('tool');
    expect(toolMessage.tool_call_id).toBe(second.body.messages.at(-2)!.tool_calls![0].id);
    expect(JSON.parse(toolMessage.content)).toEqual({
      rates: [
        {
          casa: 'bolsa',
          compra: 1188.4,
          venta: 1193.4,
          as_of: '2026-12-04T15:00:00.000Z',
          source: 'dolarapi',
        },
      ],
    });

    const history = await request(t.url).get('/api/chat/history/lucia').set(auth).expect(200);
    const stored = history.body.messages.find((m: { id: string }) => m.id === res.body.message_id);
    expect(stored).toMatchObject({ sources: res.body.sources, figures: res.body.figures });
  });

  it('flags an invented figure with a closing ⚠️ chunk and counts it', async () => {
    llm.enqueue({ text: 'El dólar MEP está a $1.500 hoy.' });
    const res = await send({ message: '¿Y el MEP?' }).expect(200);
    expect(res.body.figures).toEqual({ checked: 1, unverified: 1 });
    expect(res.body.response).toMatch(
      /\n\n⚠️ Algunas cifras de esta respuesta no pudieron verificarse/,
    );
    const metrics = await request(t.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^chat_unverified_figures_total [1-9]/m);
  });

  it('does not flag a figure the user gave', async () => {
    llm.enqueue({ text: 'Con $150.000 tenés para empezar.' });
    const res = await send({ message: 'Tengo $150.000, ¿alcanza?' }).expect(200);
    expect(res.body.figures).toEqual({ checked: 1, unverified: 0 });
    expect(res.body.response).not.toContain('⚠️');
  });

  it('SSE: a tool event while the tool runs, then the answer with its sources', async () => {
    llm.enqueue(
      { toolCalls: [{ name: 'get_macro', arguments: { indicator: 'riesgo_pais' } }] },
      {
        text: 'El riesgo país está en 573 puntos básicos.',
      },
    );
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: '¿Cómo está el riesgo país?' },
      token,
    );
    const tools = events.filter((e) => e.event === 'tool').map((e) => e.data);
    const done = events.find((e) => e.event === 'done')!.data;
    expect(tools).toEqual([
      { message_id: done.message_id, tool: 'get_macro', status: 'started' },
      { message_id: done.message_id, tool: 'get_macro', status: 'done' },
    ]);
    expect(done.sources).toMatchObject([{ id: 'argentinadatos', as_of: '2026-12-03' }]);
    expect(events.findIndex((e) => e.event === 'tool')).toBeLessThan(
      events.findIndex((e) => e.event === 'chunk'),
    );
  });

  it('Socket.IO: tool_status events carry the answer id; two tools of one round run together', async () => {
    const s = connectIo(t.url, token);
    await connected(s);
    llm.enqueue(
      {
        toolCalls: [
          { name: 'get_quotes', arguments: { symbols: ['GGAL'] } },
          { name: 'get_macro', arguments: { indicator: 'reservas' } },
        ],
      },
      { text: 'GGAL cotiza a $6.120,50 y las reservas son USD 41.873 millones.' },
    );
    const ack = await s.emitWithAck('send_message', { message: '¿GGAL y reservas?' });
    const message = await waitFor(s, 'message', 10000);
    const statuses = s.events.filter((e) => e.event === 'tool_status').map((e) => e.data);
    expect(statuses).toHaveLength(4);
    expect(statuses.every((x) => x.message_id === ack.message_id)).toBe(true);
    // Both started before either ended: one round runs in parallel.
    expect(statuses.slice(0, 2).map((x) => x.status)).toEqual(['started', 'started']);
    expect(message.figures).toEqual({ checked: 2, unverified: 0 });
    expect(message.sources.map((x: { id: string }) => x.id).sort()).toEqual(['bcra', 'data912']);
    s.disconnect();

    // The audit record lists both calls: arguments, source, as-of and status (no results).
    const compliance = {
      Authorization: `Bearer ${tokenFor('auditora', { roles: ['compliance'] })}`,
    };
    const audit = await request(t.url)
      .get('/api/admin/audit?user_id=lucia&limit=5')
      .set(compliance)
      .expect(200);
    const record = (audit.body.records as { message_id: string; tools: unknown[] }[]).find(
      (r) => r.message_id === ack.message_id,
    );
    expect(record?.tools).toEqual(
      expect.arrayContaining([
        {
          tool: 'get_quotes',
          arguments: { symbols: ['GGAL'] },
          source: 'data912',
          as_of: expect.any(String),
          status: 'done',
        },
        {
          tool: 'get_macro',
          arguments: { indicator: 'reservas' },
          source: 'bcra',
          as_of: expect.any(String),
          status: 'done',
        },
      ]),
    );
  });

  it('plain WebSocket: tool_status frames, then the message with its sources', async () => {
    const { ws, frames } = await connectWs(t.url, `/ws/chat/lucia?token=${token}`);
    llm.enqueue({ toolCalls: [MEP_CALL] }, { text: MEP_TEXT });
    ws.send(JSON.stringify({ type: 'send_message', data: { message: '¿MEP hoy?' } }));
    await until(() => frames.some((f) => f.type === 'message'), 10000, 'the message');
    const statuses = frames.filter((f) => f.type === 'tool_status').map((f) => f.data.status);
    expect(statuses).toEqual(['started', 'done']);
    expect(frames.find((f) => f.type === 'message')!.data.sources[0].name).toBe('DolarApi');
    ws.close();
  });

  it('a dead source never breaks the answer: the tool reports the figure unavailable', async () => {
    market.modes.set('/v1/finanzas/indices/inflacion', 'error');
    llm.enqueue(
      { toolCalls: [{ name: 'get_macro', arguments: { indicator: 'inflacion_mensual' } }] },
      { text: 'No tengo ese dato ahora.' },
    );
    const before = llm.requests.length;
    const res = await send({ message: '¿Cuánto dio la inflación?' }).expect(200);
    expect(res.body.sources).toEqual([]);
    const toolMessage = llm.requests[before + 1].body.messages.at(-1)!;
    expect(JSON.parse(toolMessage.content)).toMatchObject({ error: 'unavailable' });
  });

  it('stop aborts a running tool round', async () => {
    market.modes.set('/v1/finanzas/tasas/plazoFijo', 'hang');
    const s = connectIo(t.url, token);
    await connected(s);
    // Only the first round is queued: a second one must never be asked for.
    llm.enqueue({ toolCalls: [{ name: 'get_rates', arguments: { kind: 'plazo_fijo' } }] });
    const before = llm.requests.length;
    await s.emitWithAck('send_message', { message: '¿Tasas de plazo fijo?' });
    await until(() => s.events.some((e) => e.event === 'tool_status'), 5000, 'the tool');
    await s.emitWithAck('stop_generation', {});
    const message = await waitFor(s, 'message', 5000);
    expect(message.finish_reason).toBe('stopped');
    expect(llm.requests.length - before).toBe(1);
    s.disconnect();
  });

  it('a retry with the same client_message_id calls neither the model nor the tools again', async () => {
    llm.enqueue(
      { toolCalls: [{ name: 'get_rates', arguments: { kind: 'lecap' } }] },
      {
        text: 'La S16O6 tiene una TEM de 2,35%.',
      },
    );
    const body = { message: '¿Cómo rinden las LECAPs?', client_message_id: 'lecap-1' };
    const first = await send(body).expect(200);
    const llmCalls = llm.requests.length;
    const marketCalls = market.requests('/v1/finanzas/letras');
    const again = await send(body).expect(200);
    expect(again.body).toEqual(first.body);
    expect(llm.requests.length).toBe(llmCalls);
    expect(market.requests('/v1/finanzas/letras')).toBe(marketCalls);
  });

  it('a stream cut after the tools keeps what was said', async () => {
    llm.enqueue(
      { toolCalls: [MEP_CALL] },
      { text: 'El dólar MEP está a $1.193,40 y sigue.', cutAfter: 3 },
    );
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: '¿MEP ahora?' },
      token,
    );
    expect(events.at(-1)?.event).toBe('error');
    const said = events
      .filter((e) => e.event === 'chunk')
      .map((e) => e.data.delta)
      .join('');
    expect(said.length).toBeGreaterThan(0);
    const history = await request(t.url).get('/api/chat/history/lucia').set(auth).expect(200);
    const last = history.body.messages.at(-1);
    expect(last).toMatchObject({ role: 'assistant', finish_reason: 'error' });
    expect(last.content).toContain(said.trim());
  });
});

describe('live market figures in the offline assistant', () => {
  const market = new FakeMarket();
  let t: TestApp;
  const auth = { Authorization: `Bearer ${tokenFor('pablo')}` };

  beforeAll(async () => {
    await market.start();
    t = await bootApp(
      testConfig({ MARKET_SOURCES: 'dolarapi,argentinadatos,data912', ...market.env() }),
    );
  });
  afterAll(async () => {
    await t.close();
    await market.stop();
  });

  it('answers the MEP from the same tools, with its as-of and source', async () => {
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿A cuánto está el dólar MEP?' })
      .expect(200);
    expect(res.body.response).toContain('$1.193,40');
    expect(res.body.response).toContain('DolarApi (dato del 04/12/2026 12:00)');
    expect(res.body.sources).toMatchObject([{ id: 'dolarapi', tool: 'get_fx_rates' }]);
    expect(res.body.figures).toMatchObject({ unverified: 0 });
  });

  it('says plainly it has no figure when no source answers', async () => {
    market.modes.set('/v1/finanzas/indices/riesgo-pais', 'error');
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Cómo está el riesgo país?' })
      .expect(200);
    expect(res.body.response).toMatch(/^No tengo ese dato ahora/);
    expect(res.body.sources).toEqual([]);
  });
});
