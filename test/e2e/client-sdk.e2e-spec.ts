import {
  ChatClient,
  ChatError,
  RestClient,
  type ChatClientOptions,
  type ConnectionState,
} from '../../clients/js/src';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { signJwt, tokenFor } from '../support/jwt';
import { until } from '../support/sockets';

describe('client SDK (clients/js) against the running service', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;
  const clients: ChatClient[] = [];
  const words = (n: number) => Array.from({ length: n }, (_, i) => `p${i} `);
  const client = (user: string, opts: Partial<ChatClientOptions> = {}) => {
    const c = new ChatClient({
      url: t.url,
      token: tokenFor(user),
      ...opts,
      socketOptions: {
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 100,
        ...opts.socketOptions,
      },
    });
    clients.push(c);
    return c;
  };
  /** The rejection of a stream or promise that must fail. */
  const failure = async (p: PromiseLike<unknown>): Promise<ChatError> => {
    const outcome = await Promise.resolve(p).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as ChatError,
    );
    if (!(outcome instanceof ChatError)) throw outcome;
    return outcome;
  };

  beforeAll(async () => {
    await llm.start();
    t = await bootApp(
      testConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url, OPENAI_MAX_RETRIES: '0' }),
    );
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('connects and greets', async () => {
    const c = client('ana');
    const states: ConnectionState[] = [];
    c.on('connection_state', (s) => states.push(s.state));
    expect(await c.connect()).toMatchObject({ user_id: 'ana', session_id: expect.any(String) });
    expect(c.state).toBe('connected');
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('streams an answer: the deltas join to the reply', async () => {
    llm.enqueue({ chunks: words(8), gapMs: 5 });
    const c = client('ana');
    await c.connect();
    const seen: number[] = [];
    const stream = c.sendMessage('¿Cómo está el MERVAL hoy?', {
      onChunk: (_delta, chunk) => seen.push(chunk.index),
    });
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    const reply = await stream;
    expect(deltas).toEqual(words(8));
    expect(deltas.join('')).toBe(reply.response);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await stream.messageId).toBe(reply.message_id);
    expect(await stream.conversationId).toBe(reply.conversation_id);
  });

  it('resolves with the final reply, typing bracketing it', async () => {
    const c = client('bea');
    await c.connect();
    const typing: boolean[] = [];
    c.on('typing', (e) => e.actor === 'assistant' && typing.push(e.is_typing));
    const reply = await c.sendMessage('Estoy preocupado por mis ahorros');
    expect(reply).toMatchObject({
      finish_reason: 'stop',
      response: 'Respuesta de prueba del modelo.',
      sentiment: { label: expect.any(String) },
      model: expect.any(String),
    });
    expect(typing).toEqual([true, false]);
  });

  it('stops mid-stream: the reply ends as stopped (stream.stop and AbortSignal)', async () => {
    const c = client('dani');
    await c.connect();
    llm.enqueue({ chunks: words(100), gapMs: 30 });
    let chunks = 0;
    const stream = c.sendMessage('Contame una historia larga', { onChunk: () => chunks++ });
    await until(() => chunks >= 3);
    expect(await stream.stop()).toEqual({ stopped: true, message_id: await stream.messageId });
    const reply = await stream;
    expect(reply.finish_reason).toBe('stopped');
    expect(reply.response.length).toBeGreaterThan(0);

    llm.enqueue({ chunks: words(100), gapMs: 30 });
    const controller = new AbortController();
    let more = 0;
    const aborted = c.sendMessage('Otra historia larga', {
      signal: controller.signal,
      onChunk: () => more++,
    });
    await until(() => more >= 2);
    controller.abort();
    expect((await aborted).finish_reason).toBe('stopped');
  });

  it('refuses a second message while one streams with a typed busy error', async () => {
    const c = client('eli');
    await c.connect();
    llm.enqueue({ chunks: words(40), gapMs: 20 });
    const first = c.sendMessage('Primera');
    await first.messageId;
    const err = await failure(c.sendMessage('Segunda'));
    expect(err).toBeInstanceOf(ChatError);
    expect(err.code).toBe('busy');
    await first.stop();
    expect((await first).finish_reason).toBe('stopped');
  });

  it('reports rate limits with retryAfter, over the socket and over REST', async () => {
    const limited = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MAX_RETRIES: '0',
        RATE_LIMIT_CHAT_PER_MIN: '1',
      }),
    );
    try {
      const c = client('fede', { url: limited.url });
      await c.connect();
      await c.sendMessage('Hola');
      const err = await failure(c.sendMessage('Hola otra vez'));
      expect(err.code).toBe('rate_limited');
      expect(err.retryAfter).toBeGreaterThan(0);
      const rest = await failure(c.rest.sendMessage({ message: 'Y por REST' }));
      expect(rest).toMatchObject({ code: 'rate_limited', status: 429 });
      expect(rest.retryAfter).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('rejects connect() with unauthorized on a bad token', async () => {
    for (const token of ['garbage', signJwt({ sub: 'x', iat: 1, exp: 2 })]) {
      const c = client('x', { token });
      const err = await failure(c.connect());
      expect(err).toBeInstanceOf(ChatError);
      expect(err.code).toBe('unauthorized');
      expect(c.state).toBe('disconnected');
      expect((await failure(c.sendMessage('hola'))).code).toBe('disconnected');
    }
  });

  it('calls the token function on every (re)connect', async () => {
    const token = jest.fn(() => Promise.resolve(tokenFor('gabi')));
    const c = client('gabi', { token });
    await c.connect();
    expect(token).toHaveBeenCalledTimes(1);
    const back = new Promise<void>((r) =>
      c.on('connection_state', (s) => s.state === 'connected' && r()),
    );
    c.socket.io.engine.close();
    await back;
    expect(token).toHaveBeenCalledTimes(2);
  });

  it('reconnects with a fresh token when the server ends an expired session', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [signJwt({ sub: 'hugo', iat: now, exp: now + 1 })];
    const token = jest.fn(() => tokens.shift() ?? tokenFor('hugo'));
    const c = client('hugo', { token });
    await c.connect();
    const greetings: string[] = [];
    c.on('connection_established', (e) => greetings.push(e.session_id));
    await until(() => greetings.length >= 1, 8000, 'a new session');
    expect(token).toHaveBeenCalledTimes(2);
    expect(c.state).toBe('connected');
    expect((await c.sendMessage('Sigo acá')).finish_reason).toBe('stop');
  }, 15_000);

  it('reads history, summary and sentiment through the RestClient', async () => {
    const c = client('ines');
    await c.connect();
    const first = await c.sendMessage('Compré acciones de YPF y GGAL');
    await c.sendMessage('¿Y los CEDEAR?', { conversationId: first.conversation_id });
    const rest = new RestClient({ url: t.url, token: () => tokenFor('ines') });
    const history = await rest.history('ines', { limit: 3 });
    expect(history.count).toBe(3);
    expect(history.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(await c.history({ limit: 3 })).toEqual(history.messages);
    const summary = await rest.summary('ines');
    expect(summary).toMatchObject({ user_id: 'ines', message_count: 4 });
    expect(summary.tickers).toEqual(expect.arrayContaining(['YPF', 'GGAL']));
    expect((await rest.analyzeSentiment('Estoy feliz con mis ganancias')).label).toBe('positive');
    const foreign = await failure(rest.history('someone-else'));
    expect(foreign).toMatchObject({ code: 'forbidden', status: 403 });
    expect(await rest.deleteHistory('ines', first.conversation_id)).toEqual({
      user_id: 'ines',
      deleted: 4,
    });
  });

  it('keeps streaming through a recovered reconnect: every chunk, in order', async () => {
    llm.enqueue({ chunks: words(30), gapMs: 25 });
    const c = client('juan');
    await c.connect();
    const recovered: boolean[] = [];
    c.on('connection_state', (s) => s.state === 'connected' && recovered.push(!!s.recovered));
    const indexes: number[] = [];
    const stream = c.sendMessage('Una respuesta para reconectar', {
      onChunk: (_d, chunk) => indexes.push(chunk.index),
    });
    await until(() => indexes.length >= 4);
    c.socket.io.engine.close();
    const reply = await stream;
    expect(recovered).toEqual([true]);
    expect(indexes).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    expect(deltas.join('')).toBe(reply.response);
  });

  it('after a reconnect that lost the session, settles streams from history', async () => {
    const c = client('kari', {
      socketOptions: { reconnectionDelay: 800, reconnectionDelayMax: 800 },
    });
    await c.connect();
    const lose = () => {
      // A server restart forgets sessions; dropping the session id does the same from this end.
      (c.socket as unknown as { _pid?: string })._pid = undefined;
      c.socket.io.engine.close();
    };
    // Still streaming when the client is back: the rest arrives live, the gap is made up.
    llm.enqueue({ chunks: words(60), gapMs: 25 });
    let n = 0;
    const live = c.sendMessage('Una respuesta larga', { onChunk: () => n++ });
    await until(() => n >= 3);
    lose();
    const reply = await live;
    const deltas: string[] = [];
    for await (const d of live) deltas.push(d);
    expect(deltas.join('')).toBe(reply.response);
    expect(reply.response).toBe(words(60).join(''));
    // Finished while the client was away: the reply is rebuilt from history.
    llm.enqueue({ chunks: words(10), gapMs: 10 });
    let m = 0;
    const offline = c.sendMessage('Una respuesta corta', { onChunk: () => m++ });
    await until(() => m >= 1);
    lose();
    const rebuilt = await offline;
    expect(rebuilt).toMatchObject({
      message_id: await offline.messageId,
      response: words(10).join(''),
      finish_reason: 'stop',
      model: '',
    });
  });
});
