import { createHash } from 'node:crypto';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeBackend } from '../support/fake-backend';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { postSse } from '../support/sse';
import { connected, connectIo, connectWs, until, waitFor } from '../support/sockets';

const NOTICE = 'Aviso de prueba: información general, no una recomendación personalizada.';

/** The disclaimer on every door, and the suitability rules in what the model is sent. */
describe('disclaimer and suitability with an LLM', () => {
  const llm = new FakeOpenAi();
  const backend = new FakeBackend();
  let t: TestApp;
  const token = (user: string) => tokenFor(user);
  const auth = (user: string) => ({ Authorization: `Bearer ${token(user)}` });

  beforeAll(async () => {
    await llm.start();
    await backend.start();
    backend.profiles.set('vieja', {
      risk_profile: 'agresivo',
      risk_profile_updated_at: '2023-03-01',
    });
    backend.profiles.set('nueva', {
      risk_profile: 'moderado',
      risk_profile_updated_at: new Date().toISOString().slice(0, 10),
    });
    t = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MODEL: 'fake-gpt',
        OPENAI_MAX_RETRIES: '0',
        MAIN_BACKEND_URL: backend.url,
        DISCLAIMER_TEXT: NOTICE,
        PROFILE_MAX_AGE_DAYS: '365',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
    await backend.stop();
  });

  it('adds DISCLAIMER_TEXT to a reply about instruments, never inside the response', async () => {
    llm.enqueue({ text: 'Un CEDEAR es un certificado que representa acciones del exterior.' });
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: '¿Qué es un CEDEAR?', client_message_id: 'cedear-1' })
      .expect(200);
    expect(res.body.disclaimer).toBe(NOTICE);
    expect(res.body.response).not.toContain(NOTICE);
    // A repeated client_message_id gets the same reply, disclaimer included.
    const again = await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: '¿Qué es un CEDEAR?', client_message_id: 'cedear-1' })
      .expect(200);
    expect(again.body).toMatchObject({ message_id: res.body.message_id, disclaimer: NOTICE });
  });

  it('gives none to a greeting, and one when only the answer quotes figures', async () => {
    llm.enqueue({ text: '¡Hola! ¿En qué te puedo ayudar?' });
    const hello = await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: 'Hola' })
      .expect(200);
    expect(hello.body.disclaimer).toBeNull();
    llm.enqueue({ text: 'Hoy el dólar MEP cerró a $ 1.180, un 0,4 % más.' });
    const figures = await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: '¿Y hoy?' })
      .expect(200);
    expect(figures.body.disclaimer).toBe(NOTICE);
  });

  it('carries it in the SSE done event', async () => {
    llm.enqueue({ text: 'Un bono es deuda.' });
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: '¿Qué es un bono?' },
      token('nueva'),
    );
    const done = events.find((e) => e.event === 'done');
    expect(done?.data.disclaimer).toBe(NOTICE);
  });

  it('carries it in the Socket.IO and plain WebSocket message', async () => {
    const socket = connectIo(t.url, token('nueva'));
    await connected(socket);
    const { ws, frames } = await connectWs(t.url, `/ws/chat/nueva?token=${token('nueva')}`);
    try {
      llm.enqueue({ text: 'El plazo fijo paga una tasa fija.' });
      const message = waitFor<{ disclaimer: string | null }>(socket, 'message', 10000);
      await socket.emitWithAck('send_message', { message: '¿Cómo funciona un plazo fijo?' });
      expect((await message).disclaimer).toBe(NOTICE);
      await until(() => frames.some((f) => f.type === 'message'), 10000, 'ws message');
      expect(frames.find((f) => f.type === 'message')?.data.disclaimer).toBe(NOTICE);
    } finally {
      socket.disconnect();
      ws.close();
    }
  });

  it('tells the model the suitability rules, and to ask for a stale profile’s update', async () => {
    llm.enqueue({ text: 'Antes de hablar de estrategias, actualizá tu perfil.' });
    await request(t.url)
      .post('/api/chat/message')
      .set(auth('vieja'))
      .send({ message: '¿Qué estrategia me conviene?' })
      .expect(200);
    const system = llm.last.body.messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/Nunca ejecutes, prometas ni simules órdenes/);
    expect(system.content).toMatch(/Perfil del inversor: desactualizado/);
    // The profile's date travels in the data block, for the model to quote.
    expect(JSON.stringify(llm.last.body.messages)).toContain('2023-03-01');
    llm.enqueue({ text: 'Con un perfil moderado...' });
    await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: '¿Qué estrategia me conviene?' })
      .expect(200);
    expect(llm.last.body.messages[0].content).toMatch(/Perfil del inversor: vigente/);
  });

  it('audits the answer with the hash of exactly what the model was sent', async () => {
    llm.enqueue({ text: 'Las LECAPs capitalizan intereses.' });
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth('nueva'))
      .send({ message: '¿Qué es una LECAP?' })
      .expect(200);
    const h = createHash('sha256');
    for (const m of llm.last.body.messages) h.update(`${m.role}\u0000${m.content}\u0000`, 'utf8');
    const audit = await request(t.url)
      .get('/api/admin/audit?user_id=nueva&limit=1')
      .set({ Authorization: `Bearer ${tokenFor('cumplimiento', { roles: ['compliance'] })}` })
      .expect(200);
    expect(audit.body.records[0]).toMatchObject({
      message_id: res.body.message_id,
      provider: 'openai',
      model: res.body.model,
      prompt_sha256: h.digest('hex'),
      disclaimer_shown: true,
      finish_reason: 'stop',
    });
  });
});
