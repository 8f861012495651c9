import request from 'supertest';
import { ChatService } from '../../src/modules/chat/chat.service';
import { MemoryService } from '../../src/modules/memory/memory.service';
import { bootApp, TestApp } from '../support/app';
import { TEST_REDIS_URL, testConfig } from '../support/config';
import { FakeBackend } from '../support/fake-backend';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { createTestDatabase } from '../support/postgres';
import { postSse } from '../support/sse';

describe('chat pipeline with an OpenAI-compatible server, PostgreSQL, Redis and the main backend', () => {
  const llm = new FakeOpenAi();
  const backend = new FakeBackend();
  let t: TestApp;
  let drop: () => Promise<void>;
  const token = tokenFor('martin');
  const auth = { Authorization: `Bearer ${token}` };
  const send = (body: Record<string, unknown>, who = auth) =>
    request(t.url).post('/api/chat/message').set(who).send(body);

  beforeAll(async () => {
    await llm.start();
    await backend.start();
    backend.profiles.set('martin', {
      display_name: 'Martín',
      risk_profile: 'conservador',
      favorite_tickers: ['YPF', 'GGAL'],
      portfolio_value: 1500000,
      secret_internal_field: 'NO-DEBE-LLEGAR',
    });
    const db = await createTestDatabase();
    drop = db.drop;
    t = await bootApp(
      testConfig({
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MODEL: 'fake-gpt',
        OPENAI_MAX_RETRIES: '1',
        OPENAI_TIMEOUT_MS: '3000',
        MAIN_BACKEND_URL: backend.url,
        MAIN_BACKEND_TIMEOUT_MS: '300',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
    await backend.stop();
    await drop();
  });

  it('sends the Spanish system prompt, the profile, the retrieved knowledge and the question to the model', async () => {
    llm.enqueue({ text: 'Un CEDEAR es un certificado que representa acciones del exterior.' });
    const res = await send({
      message: '¿Qué es un CEDEAR?',
      user_context: { investment_goals: ['jubilación'], risk_profile: 'agresivo' },
    }).expect(200);
    expect(res.body).toMatchObject({
      response: 'Un CEDEAR es un certificado que representa acciones del exterior.',
      model: 'fake-gpt',
      finish_reason: 'stop',
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number),
      },
    });
    const req = llm.last.body;
    expect(req.model).toBe('fake-gpt');
    expect(req.stream).toBe(true);
    expect(req.stream_options?.include_usage).toBe(true);
    expect(req.max_tokens).toBe(800);
    const [system, data, ...rest] = req.messages;
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/MERVAL/);
    expect(system.content).toMatch(/no asesoramiento de inversión personalizado/);
    expect(system.content).toMatch(/Nunca inventes precios/);
    expect(data.role).toBe('user'); // user-controlled data never goes in the system role
    expect(data.content).toMatch(/<datos>/);
    expect(data.content).toMatch(/"risk_profile": "conservador"/); // the backend wins over the request
    expect(data.content).toMatch(/jubilación/); // the request fills gaps
    expect(data.content).toMatch(/"YPF"/);
    expect(data.content).not.toMatch(/NO-DEBE-LLEGAR/);
    expect(data.content).toMatch(/CEDEAR/); // a retrieved passage
    expect(rest[rest.length - 1]).toEqual({ role: 'user', content: '¿Qué es un CEDEAR?' });
    expect(
      backend.requests.some(
        (r) => r.url === '/api/users/martin/profile' && r.authorization === `Bearer ${token}`,
      ),
    ).toBe(true);
  });

  it('includes earlier turns of the conversation in the prompt', async () => {
    llm.enqueue({ text: 'Primera respuesta.' }, { text: 'Segunda respuesta.' });
    const first = await send({ message: 'Tengo acciones de YPF' }).expect(200);
    await send({
      message: '¿Y qué pasa si baja?',
      conversation_id: first.body.conversation_id,
    }).expect(200);
    const msgs = llm.last.body.messages.slice(2);
    expect(msgs).toEqual([
      { role: 'user', content: 'Tengo acciones de YPF' },
      { role: 'assistant', content: 'Primera respuesta.' },
      { role: 'user', content: '¿Y qué pasa si baja?' },
    ]);
  });

  it('calms the tone for a worried user', async () => {
    llm.enqueue({ text: 'Tranquilo, veamos.' });
    const res = await send({
      message: 'Compré YPF y se fue a pique, estoy desesperado, ¿qué hago?',
    }).expect(200);
    expect(res.body.sentiment.label).toBe('negative');
    expect(llm.last.body.messages[0].content).toMatch(/calma y empatía/);
  });

  it('streams the model’s answer over SSE', async () => {
    llm.enqueue({ chunks: ['El ', 'MERVAL ', 'es ', 'el ', 'índice ', 'líder.'], gapMs: 5 });
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: '¿Qué es el MERVAL?' },
      token,
    );
    const chunks = events.filter((e) => e.event === 'chunk').map((e) => e.data.delta);
    expect(chunks).toEqual(['El ', 'MERVAL ', 'es ', 'el ', 'índice ', 'líder.']);
    const done = events.find((e) => e.event === 'done')!.data;
    expect(done.response).toBe('El MERVAL es el índice líder.');
    const history = await request(t.url)
      .get(`/api/chat/history/martin?conversation_id=${done.conversation_id}`)
      .set(auth)
      .expect(200);
    expect(history.body.messages[1]).toMatchObject({
      id: done.message_id,
      content: done.response,
      finish_reason: 'stop',
    });
  });

  it('answers 503 when the model keeps failing, keeps the user message, and never leaks the upstream body', async () => {
    llm.enqueue({ status: 500 }, { status: 500 });
    const before = llm.requests.length;
    const res = await send({ message: 'Pregunta que falla' }).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'assistant_unavailable' });
    expect(JSON.stringify(res.body)).not.toMatch(/UPSTREAM-SECRET/);
    expect(llm.requests.length - before).toBe(2); // one retry
    const history = await request(t.url)
      .get('/api/chat/history/martin?limit=1')
      .set(auth)
      .expect(200);
    expect(history.body.messages[0]).toMatchObject({ role: 'user', content: 'Pregunta que falla' });
  });

  it('saves the partial answer with finish_reason "error" when the stream is cut, and sends an SSE error event', async () => {
    llm.enqueue({ chunks: ['Parte ', 'uno ', 'y ', 'dos ', 'sin terminar'], cutAfter: 3 });
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: 'Cortame a la mitad' },
      token,
    );
    const chunks = events.filter((e) => e.event === 'chunk').map((e) => e.data.delta);
    expect(chunks).toEqual(['Parte ', 'uno ', 'y ']);
    const err = events.find((e) => e.event === 'error');
    expect(err?.data).toMatchObject({ code: 'assistant_unavailable', message: expect.any(String) });
    expect(events.some((e) => e.event === 'done')).toBe(false);
    const history = await request(t.url)
      .get('/api/chat/history/martin?limit=2')
      .set(auth)
      .expect(200);
    expect(history.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'Cortame a la mitad',
      'Parte uno y ',
    ]);
    expect(history.body.messages[1].finish_reason).toBe('error');
  });

  it('returns the first reply for a repeated client_message_id without asking the model again', async () => {
    llm.enqueue({ text: 'Respuesta única.' });
    const first = await send({ message: 'Hola', client_message_id: 'cm-1' }).expect(200);
    const calls = llm.requests.length;
    const again = await send({ message: 'Hola', client_message_id: 'cm-1' }).expect(200);
    expect(again.body.message_id).toBe(first.body.message_id);
    expect(again.body.response).toBe('Respuesta única.');
    expect(llm.requests.length).toBe(calls);
  });

  it('finds a repeated client_message_id in the database too, and answers anew after the history is deleted', async () => {
    const who = { Authorization: `Bearer ${tokenFor('repeater')}` };
    llm.enqueue({ text: 'Guardada.' });
    const first = await send({ message: 'Hola', client_message_id: 'cm-db' }, who).expect(200);
    t.app.get(ChatService).forgetReplies('repeater'); // as if the repeat reached another instance
    const calls = llm.requests.length;
    const again = await send({ message: 'Hola', client_message_id: 'cm-db' }, who).expect(200);
    expect(again.body.message_id).toBe(first.body.message_id);
    expect(llm.requests.length).toBe(calls);

    await request(t.url).delete('/api/chat/history/repeater').set(who).expect(200);
    llm.enqueue({ text: 'Nueva.' });
    const fresh = await send({ message: 'Hola', client_message_id: 'cm-db' }, who).expect(200);
    expect(fresh.body.message_id).not.toBe(first.body.message_id);
    expect(fresh.body.response).toBe('Nueva.');
    expect(llm.requests.length).toBe(calls + 1);
  });

  it('lets concurrent repeats of one client_message_id share one answer', async () => {
    llm.enqueue({ chunks: ['Lenta ', 'respuesta.'], gapMs: 100 });
    const calls = llm.requests.length;
    const [a, b] = await Promise.all([
      send({ message: 'Concurrente', client_message_id: 'cm-2' }),
      send({ message: 'Concurrente', client_message_id: 'cm-2' }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.message_id).toBe(a.body.message_id);
    expect(llm.requests.length - calls).toBe(1);
  });

  it('refuses a second message while one is streaming for the same user (busy)', async () => {
    llm.enqueue({ chunks: ['uno ', 'dos ', 'tres'], gapMs: 150 });
    const slow = send({ message: 'Primera' }).then((r) => r);
    await new Promise((r) => setTimeout(r, 150));
    const busy = await send({ message: 'Segunda' }).expect(409);
    expect(busy.body.code).toBe('busy');
    expect((await slow).status).toBe(200);
  });

  it('answers without personalisation when the main backend is down, and /health says degraded', async () => {
    backend.profiles.set('sofia', { risk_profile: 'agresivo' });
    backend.failWith = 500;
    llm.enqueue({ text: 'Sin perfil.' });
    await send(
      { message: '¿Qué es la caución?' },
      { Authorization: `Bearer ${tokenFor('sofia')}` },
    ).expect(200);
    expect(llm.last.body.messages[1].content).toMatch(/sin datos de perfil/);
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.services.main_backend).toBe('unhealthy');
    expect(health.body.services.openai).toBe('healthy');
    backend.failWith = null;
  });

  it('folds old turns into a rolling summary so long conversations fit the budget', async () => {
    const memory = t.app.get(MemoryService);
    const conv = await memory.createConversation('martin', 'larga');
    for (let i = 0; i < 60; i++) {
      await memory.append({
        conversation_id: conv.id,
        user_id: 'martin',
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `Turno ${i}: ${'hablamos de bonos soberanos, LECAPs y dólar MEP '.repeat(8)}`,
        sentiment: null,
        prompt_tokens: null,
        completion_tokens: null,
        model: null,
        finish_reason: i % 2 === 0 ? null : 'stop',
        client_message_id: null,
        reply_to: null,
      });
    }
    llm.enqueue(
      { text: '- Resumen de la charla sobre bonos.' },
      { text: 'Respuesta con memoria.' },
    );
    await send({ message: '¿Y entonces?', conversation_id: conv.id }).expect(200);
    const summaryCall = llm.requests[llm.requests.length - 2].body;
    expect(summaryCall.stream).toBeFalsy();
    expect(summaryCall.messages[1].content).toMatch(/Turno 0:/);
    const answerCall = llm.last.body;
    expect(answerCall.messages[1].content).toMatch(/resumen_de_la_conversacion_anterior/);
    expect(answerCall.messages[1].content).toMatch(/Resumen de la charla sobre bonos/);
    const history = answerCall.messages.slice(2, -1);
    expect(history.length).toBeLessThan(30);
    expect(history.some((m) => m.content.startsWith('Turno 0:'))).toBe(false);
    expect(history[history.length - 1].content).toMatch(/^Turno 59:/);
  });
});
