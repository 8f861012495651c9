import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { postSse } from '../support/sse';

describe('chat with the built-in offline assistant (zero configuration)', () => {
  let t: TestApp;
  const token = tokenFor('lucia');
  const auth = { Authorization: `Bearer ${token}` };

  beforeAll(async () => {
    t = await bootApp(testConfig());
  });
  afterAll(() => t.close());

  it('answers "¿Qué es un CEDEAR?" correctly, in Spanish, and remembers the exchange', async () => {
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué es un CEDEAR?' })
      .expect(200);
    const reply = res.body;
    expect(reply).toMatchObject({
      message_id: expect.any(String),
      user_message_id: expect.any(String),
      conversation_id: expect.any(String),
      model: 'offline-assistant',
      finish_reason: 'stop',
      sentiment: { label: expect.stringMatching(/positive|negative|neutral/) },
    });
    const text = reply.response.toLowerCase();
    expect(text).toContain('cedear');
    expect(text).toMatch(/certificado/);
    expect(text).toMatch(/exterior|extranjer/);
    expect(text).toMatch(/pesos/);
    expect(reply.usage.total_tokens).toBeGreaterThan(0);

    const history = await request(t.url).get('/api/chat/history/lucia').set(auth).expect(200);
    expect(history.body.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
    expect(history.body.messages[0].content).toBe('¿Qué es un CEDEAR?');
    expect(history.body.messages[1]).toMatchObject({
      id: reply.message_id,
      content: reply.response,
      finish_reason: 'stop',
    });
  });

  it('explains MEP versus CCL and the riesgo país with their key facts', async () => {
    const mep = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿Qué diferencia hay entre el dólar MEP y el CCL?' })
      .expect(200);
    expect(mep.body.response).toMatch(/MEP/);
    expect(mep.body.response).toMatch(/CCL|contado con liquidaci/i);
    expect(mep.body.response).toMatch(/exterior|afuera|extranjero/i);
    const rp = await request(t.url)
      .post('/api/chat/message')
      .set(auth)
      .send({ message: '¿qué es el riesgo país?' })
      .expect(200);
    expect(rp.body.response).toMatch(/puntos básicos/i);
    expect(rp.body.response).toMatch(/JP ?Morgan|EMBI/i);
  });

  it('streams the answer over SSE: chunks joined equal the final reply', async () => {
    const { status, contentType, events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: '¿Conviene un plazo fijo o un money market?' },
      token,
    );
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const chunks = events.filter((e) => e.event === 'chunk');
    const done = events.filter((e) => e.event === 'done');
    expect(chunks.length).toBeGreaterThan(3);
    expect(done).toHaveLength(1);
    expect(chunks.map((c) => c.data.delta).join('')).toBe(done[0].data.response);
    expect(done[0].data.response).toMatch(/plazo fijo/i);
    expect(done[0].data.response).toMatch(/money market/i);
  });

  it('summarises the user’s conversations with every contract field', async () => {
    const res = await request(t.url).get('/api/chat/summary/lucia').set(auth).expect(200);
    expect(res.body).toMatchObject({
      user_id: 'lucia',
      summary: expect.any(String),
      message_count: 8,
      first_message_at: expect.any(String),
      last_message_at: expect.any(String),
      topics: expect.arrayContaining(['CEDEARs', 'Dólar y brecha']),
      tickers: expect.any(Array),
      sentiment: {
        average: expect.any(Number),
        trend: expect.stringMatching(/improving|worsening|stable/),
        distribution: expect.any(Object),
      },
    });
    const d = res.body.sentiment.distribution;
    expect(d.positive + d.negative + d.neutral).toBe(4);
    expect(res.body.summary).toMatch(/4 consultas/);
    await request(t.url).get('/api/chat/summary/otro').set(auth).expect(403);
  });

  it('analyses sentiment on demand', async () => {
    const res = await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(auth)
      .send({ text: 'Estoy preocupado por la caída del mercado' })
      .expect(200);
    expect(res.body).toMatchObject({
      label: 'negative',
      score: expect.any(Number),
      confidence: expect.any(Number),
    });
    expect(res.body.score).toBeLessThan(0);
    await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(auth)
      .send({ text: '' })
      .expect(400);
    await request(t.url)
      .post('/api/chat/analyze-sentiment')
      .set(auth)
      .send({ text: 'x'.repeat(5001) })
      .expect(400);
  });

  it('greets back, and meets anger with acknowledgement rather than a calming opener', async () => {
    const mateo = { Authorization: `Bearer ${tokenFor('mateo')}` };
    const hello = await request(t.url)
      .post('/api/chat/message')
      .set(mateo)
      .send({ message: 'hola!' })
      .expect(200);
    expect(hello.body.response).toMatch(/^¡Hola!/);
    expect(hello.body.response).not.toMatch(/No encontré/);
    const angry = await request(t.url)
      .post('/api/chat/message')
      .set(mateo)
      .send({ message: 'Bárbaro, otra comisión. ¿Qué son los derechos de mercado?' })
      .expect(200);
    expect(angry.body.sentiment.emotions).toHaveProperty('enojo');
    const [opening, explanation] = String(angry.body.response).split('\n\n');
    expect(opening).toMatch(/enojo|bronca/);
    expect(opening).not.toMatch(/nervios|inquietud|calma/);
    expect(explanation).toMatch(/derechos de mercado/);
  });

  describe('input validation', () => {
    it.each([
      ['an empty message', { message: '' }],
      ['a message of only spaces', { message: '    ' }],
      ['a message over 4000 characters', { message: 'a'.repeat(4001) }],
      ['a non-string message', { message: 42 }],
      ['an unknown field', { message: 'hola', extra: true }],
      ['a user_context over 8 KB', { message: 'hola', user_context: { notes: 'x'.repeat(9000) } }],
      ['a user_context that is not an object', { message: 'hola', user_context: 'conservador' }],
      ['a bad conversation_id', { message: 'hola', conversation_id: 'nope' }],
    ])('rejects %s with 400', async (_name, body) => {
      const res = await request(t.url).post('/api/chat/message').set(auth).send(body).expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'invalid_input',
      });
    });

    it('accepts a message of exactly 4000 characters after trimming', async () => {
      await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .send({ message: `  ${'a'.repeat(4000)}  ` })
        .expect(200);
    });

    it('rejects a body over 64 KB with 413', async () => {
      const res = await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ message: 'hola', user_context: { x: 'y'.repeat(70 * 1024) } }))
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    });

    it('rejects malformed JSON with 400', async () => {
      await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .set('content-type', 'application/json')
        .send('{"message": ')
        .expect(400);
    });

    it('answers 404 for an unknown conversation and for another user’s', async () => {
      await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .send({ message: 'hola', conversation_id: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
      const other = await request(t.url)
        .post('/api/chat/message')
        .set({ Authorization: `Bearer ${tokenFor('mateo')}` })
        .send({ message: 'hola' })
        .expect(200);
      await request(t.url)
        .post('/api/chat/message')
        .set(auth)
        .send({ message: 'hola', conversation_id: other.body.conversation_id })
        .expect(404);
    });

    it('requires a token', async () => {
      await request(t.url).post('/api/chat/message').send({ message: 'hola' }).expect(401);
      await request(t.url).post('/api/chat/message/stream').send({ message: 'hola' }).expect(401);
    });
  });
});
