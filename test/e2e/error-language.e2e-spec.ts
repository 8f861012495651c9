/**
 * One rule for every error a client can get, on every route and socket event: `message` is for
 * the end user, in Spanish; `error` (the HTTP status text) and `code` are stable English. And the
 * OpenAPI document describes what the routes really answer.
 */
import { STATUS_CODES } from 'node:http';
import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { signJwt, tokenFor } from '../support/jwt';
import { connected, connectIo, connectWs, until, waitFor } from '../support/sockets';

const CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'busy',
  'assistant_unavailable',
  'storage_unavailable',
  'internal_error',
];

// Words that give away an English sentence, and everyday Spanish ones a sentence cannot avoid.
const ENGLISH =
  /\b(the|must|should|not|is|are|be|cannot|invalid|missing|found|property|exist|request|body|too|large|only|your|own|characters|after|than|unknown|frames?|payload|malformed|token has|expired)\b/i;
const SPANISH =
  /\b(el|la|los|las|de|del|que|no|un|una|debe|campo|tu|tus|es|en|esa|para|con|lo|solo|podés|necesitás|esperá|probá)\b/i;

function expectRule(what: string, body: { message?: unknown; code?: unknown }): void {
  const message = String(body.message);
  expect({
    what,
    code: body.code,
    spanish: SPANISH.test(message),
    english: ENGLISH.exec(message)?.[0] ?? null,
    // A template filled without its constraint's arguments.
    unfilled: /\bundefined\b|\bNaN\b|\[object Object\]/.exec(message)?.[0] ?? null,
  }).toEqual({
    what,
    code: expect.stringMatching(new RegExp(`^(${CODES.join('|')})$`)),
    spanish: true,
    english: null,
    unfilled: null,
  });
}

describe('error language', () => {
  let t: TestApp;
  const bearer = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });

  beforeAll(async () => {
    // Low enough for the rate-limit case; each other history-bucket case has a user of its own.
    t = await bootApp(testConfig({ RATE_LIMIT_HISTORY_PER_MIN: '2' }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('REST errors: Spanish message, English status text and code', async () => {
    const api = request(t.url);
    const cases: [string, request.Test, number][] = [
      ['no token', api.post('/api/chat/message').send({ message: 'hola' }), 401],
      ['bad token', api.get('/api/chat/history/ana').set({ Authorization: 'Bearer x.y.z' }), 401],
      [
        'token without exp',
        api
          .get('/api/chat/history/ana')
          .set({ Authorization: `Bearer ${signJwt({ sub: 'ana', iat: 1 })}` }),
        401,
      ],
      ['someone else’s history', api.get('/api/chat/history/bob').set(bearer('hugo')), 403],
      [
        'empty message',
        api.post('/api/chat/message').set(bearer('ana')).send({ message: '' }),
        400,
      ],
      [
        'unknown field',
        api.post('/api/chat/message').set(bearer('ana')).send({ message: 'hola', hack: 1 }),
        400,
      ],
      [
        'bad conversation_id and client_message_id',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .send({ message: 'hola', conversation_id: 'x', client_message_id: 'a b' }),
        400,
      ],
      [
        'user_context too big',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .send({ message: 'hola', user_context: { notes: 'x'.repeat(9000) } }),
        400,
      ],
      ['limit out of range', api.get('/api/chat/history/ivan?limit=0').set(bearer('ivan')), 400],
      [
        'a form body',
        api.post('/api/chat/message').set(bearer('ana')).type('form').send('message=hola'),
        415,
      ],
      [
        'a plain-text body',
        api.post('/api/chat/message').set(bearer('ana')).type('text/plain').send('hola'),
        415,
      ],
      [
        'JSON in a charset the parser refuses',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .set('Content-Type', 'application/json; charset=latin1')
          .send('{"message":"hola"}'),
        415,
      ],
      ['limit too high', api.get('/api/chat/history/iris?limit=100000').set(bearer('iris')), 400],
      [
        'message too long',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .send({ message: 'x'.repeat(4001) }),
        400,
      ],
      [
        'feedback with an unknown rating and too many tags',
        api
          .post('/api/chat/feedback')
          .set(bearer('fede'))
          .send({
            message_id: '00000000-0000-4000-8000-000000000000',
            rating: 'meh',
            tags: ['a', 'b', 'c', 'd', 'e', 'f'],
          }),
        400,
      ],
      [
        'unknown conversation',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .send({ message: 'hola', conversation_id: '00000000-0000-4000-8000-000000000000' }),
        404,
      ],
      [
        'malformed JSON',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .set('Content-Type', 'application/json')
          .send('{"message": '),
        400,
      ],
      [
        'body over 64 KB',
        api
          .post('/api/chat/message')
          .set(bearer('ana'))
          .send({ message: 'x'.repeat(70 * 1024) }),
        413,
      ],
      ['unknown route', api.get('/api/nothing-here').set(bearer('ana')), 404],
      [
        'sentiment without text',
        api.post('/api/chat/analyze-sentiment').set(bearer('ana')).send({}),
        400,
      ],
      [
        'feedback with a bad rating and too many tags',
        api
          .post('/api/chat/feedback')
          .set(bearer('ana'))
          .send({ message_id: 'm', rating: 'meh', tags: Array.from({ length: 50 }, () => 't') }),
        400,
      ],
      [
        'feedback on an unknown answer',
        api
          .post('/api/chat/feedback')
          .set(bearer('ana'))
          .send({ message_id: '00000000-0000-4000-8000-000000000000', rating: 'up' }),
        404,
      ],
      ['someone else’s export', api.get('/api/chat/export/bob').set(bearer('juan')), 403],
      ['audit without the admin role', api.get('/api/admin/audit').set(bearer('ana')), 403],
      [
        'stream with an empty message',
        api.post('/api/chat/message/stream').set(bearer('ana')).send({ message: '' }),
        400,
      ],
    ];
    for (const [what, req, status] of cases) {
      const res = await req;
      expect([what, res.status, res.headers['content-type']]).toEqual([
        what,
        status,
        expect.stringMatching(/^application\/json/),
      ]);
      expect([what, res.body.statusCode, res.body.error]).toEqual([
        what,
        status,
        STATUS_CODES[status],
      ]);
      expectRule(what, res.body);
    }
  });

  it('rate limits: Spanish message, rate_limited code', async () => {
    const history = () => request(t.url).get('/api/chat/history/rosa').set(bearer('rosa'));
    await history().expect(200);
    await history().expect(200);
    const limited = await history().expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expectRule('rate limit', limited.body);
  });

  it('Socket.IO errors (acks and error events) follow the same rule', async () => {
    const s = connectIo(t.url, tokenFor('sol'));
    try {
      await connected(s);
      const acks = [
        await s.emitWithAck('send_message', { message: '' }),
        await s.emitWithAck('send_message', { message: 'hola', hack: 1 }),
        await s.emitWithAck('get_history', {
          conversation_id: '00000000-0000-4000-8000-000000000000',
        }),
        await s.emitWithAck('get_history', { limit: 500 }),
      ];
      for (const ack of acks) expectRule(`ack ${JSON.stringify(ack.error)}`, ack.error);
      s.emit('send_message', 'not an object');
      expectRule('error event', await waitFor(s, 'error'));
      s.emit('typing', { is_typing: 'yes' });
      expectRule('typing', await waitFor(s, 'error'));
    } finally {
      s.disconnect();
    }
  });

  it('plain WebSocket error frames follow the same rule', async () => {
    const { ws, frames } = await connectWs(t.url, `/ws/chat/walter?token=${tokenFor('walter')}`);
    try {
      ws.send('this is not json');
      ws.send(JSON.stringify({ type: 'teleport', data: {} }));
      ws.send(JSON.stringify({ type: 'send_message', data: { message: '' } }));
      ws.send(JSON.stringify({ type: 'get_history', data: { limit: 0 } }));
      await until(() => frames.filter((f) => f.type === 'error').length >= 4);
      for (const f of frames.filter((f) => f.type === 'error'))
        expectRule(`frame ${f.data.message}`, f.data);
    } finally {
      ws.close();
    }
  });
});

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  const resolve = (schema: any): any =>
    schema?.$ref ? doc.components.schemas[String(schema.$ref).split('/').pop()!] : schema;

  beforeAll(async () => {
    t = await bootApp(testConfig());
    doc = (await request(t.url).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('describes the health responses', () => {
    const report = resolve(
      doc.paths['/health'].get.responses['200'].content['application/json'].schema,
    );
    expect(Object.keys(report.properties)).toEqual(
      expect.arrayContaining(['status', 'timestamp', 'version', 'services', 'mode']),
    );
    expect(report.properties.status.enum).toEqual(['healthy', 'degraded', 'unhealthy']);
    expect(Object.keys(resolve(report.properties.services).properties).sort()).toEqual([
      'database',
      'main_backend',
      'openai',
      'redis',
    ]);
    const live = resolve(
      doc.paths['/health/live'].get.responses['200'].content['application/json'].schema,
    );
    expect(Object.keys(live.properties).sort()).toEqual(['status', 'timestamp']);
    const ready = resolve(
      doc.paths['/health/ready'].get.responses['200'].content['application/json'].schema,
    );
    expect(ready.properties).toHaveProperty('details');
    expect(doc.paths['/health/ready'].get.responses['503']).toBeDefined();
  });

  it('describes the metrics response as Prometheus text', () => {
    const ok = doc.paths['/metrics'].get.responses['200'];
    expect(Object.keys(ok.content)).toEqual(['text/plain']);
    expect(ok.content['text/plain'].schema).toMatchObject({
      type: 'string',
      example: expect.stringContaining('# TYPE '),
    });
  });

  it('describes the SSE route as an event stream, with the JSON route’s errors as JSON', () => {
    const json = doc.paths['/api/chat/message'].post.responses;
    const sse = doc.paths['/api/chat/message/stream'].post.responses;
    expect(Object.keys(sse['200'].content)).toEqual(['text/event-stream']);
    expect(sse['200'].content['text/event-stream'].example).toMatch(/^event: chunk\ndata: \{/);
    const errors = (r: Record<string, unknown>) =>
      Object.keys(r)
        .filter((s) => Number(s) >= 400)
        .sort();
    expect(errors(sse)).toEqual(errors(json));
    expect(errors(sse)).toEqual(['400', '401', '404', '409', '413', '429', '503']);
    for (const status of errors(sse)) {
      expect([status, Object.keys(sse[status].content)]).toEqual([status, ['application/json']]);
      expect(resolve(sse[status].content['application/json'].schema).properties).toHaveProperty(
        'code',
      );
    }
  });
});
