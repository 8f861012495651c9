import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { testUser } from '../../../test/support/unit/new-test-chat-service';
import {
  FakePlainSocket,
  fakeNamespace,
  newTestDoors,
  recordingOrigin,
  Sent,
  until,
} from '../../../test/support/unit/new-test-doors';
import type { SendAck } from './realtime.events';
import { RealtimeHub } from './realtime.hub';
import { RealtimeService } from './realtime.service';

const u1 = testUser('u1');
const SPANISH = /[áéíóúñ¿]|debe|datos|mensaje|campo/i;

/** An ack that lands in the same log as the hub's emits, so their order can be checked. */
const ackInto = (log: Sent[]) => {
  const acks: SendAck[] = [];
  const ack = (a: SendAck) => {
    acks.push(a);
    log.push({ to: 'ack', event: 'ack', data: a });
  };
  return { ack, acks };
};

/** Holds the scripted answer after its first chunk until `release` is called. */
const holdAnswer = (engine: { hold: Promise<void> | null }) => {
  let release!: () => void;
  engine.hold = new Promise((r) => (release = r));
  return () => release();
};

const events = (log: Sent[]) => log.map((e) => e.event);

beforeAll(() => Logger.overrideLogger(false));

describe('RealtimeService: send_message', () => {
  it('acks with the answer’s ids once it starts, then streams typing, ordered chunks and the final message to all the user’s connections', async () => {
    const { realtime, hub, log, engine } = newTestDoors();
    const plain = new FakePlainSocket();
    const otherUser = new FakePlainSocket();
    hub.addPlain('u1', plain.ws);
    hub.addPlain('u2', otherUser.ws);
    const { ack, acks } = ackInto(log);
    const release = holdAnswer(engine);

    const sending = realtime.sendMessage(
      u1,
      { message: '¿Qué es un CEDEAR?' },
      recordingOrigin().origin,
      ack,
    );
    await until(() => log.some((e) => e.event === 'message_chunk'), 'the first chunk');
    // The ack did not wait for the answer: it came as the answer started.
    expect(acks).toHaveLength(1);
    expect(events(log)).not.toContain('message');
    release();
    await sending;

    const [a] = acks;
    expect(a).toEqual({
      ok: true,
      message_id: expect.any(String),
      conversation_id: expect.any(String),
    });
    if (!a.ok) throw new Error('unreachable');
    const ids = { message_id: a.message_id, conversation_id: a.conversation_id };
    expect(log.map(({ to, event, data }) => ({ to, event, data }))).toEqual([
      { to: 'user:u1', event: 'typing', data: { is_typing: true, actor: 'assistant' } },
      { to: 'ack', event: 'ack', data: a },
      { to: 'user:u1', event: 'message_chunk', data: { ...ids, delta: 'Hola, ', index: 0 } },
      { to: 'user:u1', event: 'message_chunk', data: { ...ids, delta: 'esto es ', index: 1 } },
      {
        to: 'user:u1',
        event: 'message_chunk',
        data: { ...ids, delta: 'una respuesta.', index: 2 },
      },
      { to: 'user:u1', event: 'typing', data: { is_typing: false, actor: 'assistant' } },
      {
        to: 'user:u1',
        event: 'message',
        data: expect.objectContaining({
          ...ids,
          role: 'assistant',
          response: 'Hola, esto es una respuesta.',
          finish_reason: 'stop',
        }),
      },
    ]);
    // The user's plain WebSockets get the same events as frames; nobody else gets anything.
    expect(plain.frames.map((f) => f.type)).toEqual([
      'typing',
      'message_chunk',
      'message_chunk',
      'message_chunk',
      'typing',
      'message',
    ]);
    expect(plain.frames.map((f) => f.data)).toEqual(
      log.filter((e) => e.to !== 'ack').map((e) => e.data),
    );
    expect(otherUser.frames).toEqual([]);
  });

  it('passes the conversation and the user context on to the chat, and continues that conversation', async () => {
    const { realtime, log, engine, store } = newTestDoors();
    const { ack, acks } = ackInto(log);
    await realtime.sendMessage(u1, { message: 'Hola' }, recordingOrigin().origin, ack);
    const first = acks[0];
    if (!first.ok) throw new Error(`refused: ${first.error.code}`);
    await realtime.sendMessage(
      u1,
      {
        message: '¿Y el MERVAL?',
        conversation_id: first.conversation_id,
        user_context: { display_name: 'Ana' },
      },
      recordingOrigin().origin,
      ack,
    );
    expect(acks[1]).toMatchObject({ ok: true, conversation_id: first.conversation_id });
    expect(store.conversations).toHaveLength(1);
    expect(engine.requests[1].history.map((m) => m.content)).toContain('Hola');
    expect(JSON.stringify(engine.requests[1].context.profile)).toContain('Ana');
  });

  it('refuses an invalid payload with an invalid_input ack in Spanish, before admission, storing and asking nothing', async () => {
    const { realtime, log, engine, store } = newTestDoors({ RATE_LIMIT_CHAT_PER_MIN: '1' });
    const payloads: unknown[] = [
      null,
      'hola',
      ['hola'],
      {},
      { message: '' },
      { message: 42 },
      { message: 'hola', extra: true },
      { message: 'hola', conversation_id: 'no-es-un-uuid' },
    ];
    for (const payload of payloads) {
      const { ack, acks } = ackInto([]);
      await realtime.sendMessage(u1, payload, recordingOrigin().origin, ack);
      expect(acks).toEqual([
        { ok: false, error: { code: 'invalid_input', message: expect.stringMatching(SPANISH) } },
      ]);
    }
    expect(store.messages).toEqual([]);
    expect(engine.requests).toEqual([]);
    expect(log).toEqual([]);
    // None of them spent the chat budget (one a minute here).
    const { ack, acks } = ackInto([]);
    await realtime.sendMessage(u1, { message: 'hola' }, recordingOrigin().origin, ack);
    expect(acks[0]).toMatchObject({ ok: true });
  });

  it('without an ack, tells a refusal before the start to the connection it came from, alone', async () => {
    const { realtime, hub, log } = newTestDoors();
    const plain = new FakePlainSocket();
    hub.addPlain('u1', plain.ws);
    const from = recordingOrigin(plain.ws, 'ws');
    await realtime.sendMessage(u1, { message: '   ' }, from.origin);
    expect(from.errors).toEqual([
      { code: 'invalid_input', message: expect.stringMatching(SPANISH) },
    ]);
    expect(log).toEqual([]);
    expect(plain.frames).toEqual([]);
  });

  it('refuses beyond the chat rate limit with rate_limited and a retry_after in whole seconds', async () => {
    const { realtime, engine } = newTestDoors({ RATE_LIMIT_CHAT_PER_MIN: '1' });
    const { ack, acks } = ackInto([]);
    await realtime.sendMessage(u1, { message: 'uno' }, recordingOrigin().origin, ack);
    await realtime.sendMessage(u1, { message: 'dos' }, recordingOrigin().origin, ack);
    expect(acks[0]).toMatchObject({ ok: true });
    expect(acks[1]).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: expect.stringMatching(SPANISH),
        retry_after: expect.any(Number),
      },
    });
    const retry = (acks[1] as { error: { retry_after: number } }).error.retry_after;
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 60).toBe(true);
    expect(engine.requests).toHaveLength(1);
  });

  it('refuses with busy while the user has another answer in flight, leaving that answer alone', async () => {
    const { realtime, log, engine } = newTestDoors();
    const release = holdAnswer(engine);
    const first = ackInto([]);
    const sending = realtime.sendMessage(
      u1,
      { message: 'uno' },
      recordingOrigin('sock-1').origin,
      first.ack,
    );
    await until(() => first.acks.length === 1, 'the first answer to start');

    const second = ackInto([]);
    await realtime.sendMessage(
      u1,
      { message: 'dos' },
      recordingOrigin('sock-2').origin,
      second.ack,
    );
    expect(second.acks).toEqual([
      { ok: false, error: { code: 'busy', message: expect.stringMatching(SPANISH) } },
    ]);
    release();
    await sending;
    expect(engine.requests).toHaveLength(1);
    expect(log.filter((e) => e.event === 'message')).toHaveLength(1);
    expect(events(log)).not.toContain('error');
    // The refused message did not take the first answer's lock away: the next one is admitted.
    const third = ackInto([]);
    await realtime.sendMessage(u1, { message: 'tres' }, recordingOrigin().origin, third.ack);
    expect(third.acks[0]).toMatchObject({ ok: true });
  });

  it('answers a repeated client_message_id to the connection it came from alone, acking the earlier ids', async () => {
    const { realtime, hub, log, engine } = newTestDoors();
    const plain = new FakePlainSocket();
    hub.addPlain('u1', plain.ws);
    const payload = { message: 'Hola', client_message_id: 'c-1' };
    const first = ackInto([]);
    await realtime.sendMessage(u1, payload, recordingOrigin('sock-1').origin, first.ack);
    const logged = log.length;
    const framed = plain.frames.length;

    const again = recordingOrigin('sock-2');
    const second = ackInto([]);
    await realtime.sendMessage(u1, payload, again.origin, second.ack);

    expect(second.acks).toEqual(first.acks);
    expect(again.messages).toEqual([
      expect.objectContaining({
        message_id: (first.acks[0] as { message_id: string }).message_id,
        role: 'assistant',
        response: 'Hola, esto es una respuesta.',
      }),
    ]);
    expect(log).toHaveLength(logged);
    expect(plain.frames).toHaveLength(framed);
    expect(engine.requests).toHaveLength(1);
  });

  it('gives a repeat that joins the answer in flight one final message, not two, on the connection it came from', async () => {
    const { realtime, log, engine } = newTestDoors();
    const release = holdAnswer(engine);
    const payload = { message: 'Hola', client_message_id: 'c-2' };
    const first = ackInto([]);
    const sending = realtime.sendMessage(u1, payload, recordingOrigin('sock-1').origin, first.ack);
    await until(() => first.acks.length === 1, 'the first answer to start');

    // The same connection retries before the answer ends (an ack timeout, a reconnect).
    const again = recordingOrigin('sock-1');
    const second = ackInto([]);
    const retrying = realtime.sendMessage(u1, payload, again.origin, second.ack);
    release();
    await Promise.all([sending, retrying]);

    expect(second.acks).toEqual(first.acks);
    // The answer's own message reaches every connection of the user, this one included.
    expect(log.filter((e) => e.event === 'message')).toHaveLength(1);
    expect(again.messages).toEqual([]);
    expect(engine.requests).toHaveLength(1);
  });

  it('after the start, sends a failure to all the user’s connections as an error event, once typing stops', async () => {
    const { realtime, hub, log, engine } = newTestDoors();
    const plain = new FakePlainSocket();
    hub.addPlain('u1', plain.ws);
    engine.failure = new Error('upstream cut');
    engine.failAfter = 1;
    const from = recordingOrigin('sock-1');
    const { ack, acks } = ackInto(log);
    await realtime.sendMessage(u1, { message: 'hola' }, from.origin, ack);

    expect(acks).toEqual([
      { ok: true, message_id: expect.any(String), conversation_id: expect.any(String) },
    ]);
    expect(log.map((e) => [e.to, e.event])).toEqual([
      ['user:u1', 'typing'],
      ['ack', 'ack'],
      ['user:u1', 'message_chunk'],
      ['user:u1', 'typing'],
      ['user:u1', 'error'],
    ]);
    expect(log[3].data).toEqual({ is_typing: false, actor: 'assistant' });
    expect(log[4].data).toEqual({
      code: 'assistant_unavailable',
      message: expect.stringMatching(SPANISH),
    });
    expect(plain.frames.map((f) => f.type)).toEqual(['typing', 'message_chunk', 'typing', 'error']);
    expect(from.errors).toEqual([]);
    // The exchange is over: the user's answer lock is free again.
    engine.failure = null;
    const next = ackInto([]);
    await realtime.sendMessage(u1, { message: 'otra' }, from.origin, next.ack);
    expect(next.acks[0]).toMatchObject({ ok: true });
  });
});

describe('RealtimeService: typing, stop and history', () => {
  it('relays typing to the user’s other connections, not to the one it came from', () => {
    const { realtime, hub, log } = newTestDoors();
    const here = new FakePlainSocket();
    const there = new FakePlainSocket();
    const otherUser = new FakePlainSocket();
    hub.addPlain('u1', here.ws);
    hub.addPlain('u1', there.ws);
    hub.addPlain('u2', otherUser.ws);

    realtime.typing(u1, { is_typing: true }, recordingOrigin(here.ws, 'ws').origin);
    expect(here.frames).toEqual([]);
    expect(there.frames.map((f) => [f.type, f.data])).toEqual([
      ['typing', { is_typing: true, actor: 'user' }],
    ]);
    expect(otherUser.frames).toEqual([]);

    realtime.typing(u1, { is_typing: false }, recordingOrigin('sock-1').origin);
    expect(log.at(-1)).toEqual({
      to: 'user:u1',
      except: 'sock-1',
      event: 'typing',
      data: { is_typing: false, actor: 'user' },
    });
    expect(here.frames.map((f) => f.data)).toEqual([{ is_typing: false, actor: 'user' }]);
  });

  it('refuses an invalid typing payload', () => {
    const { realtime, log } = newTestDoors();
    for (const payload of [{}, { is_typing: 'sí' }, { is_typing: true, extra: 1 }, null]) {
      expect(() => realtime.typing(u1, payload, recordingOrigin().origin)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
    expect(log).toEqual([]);
  });

  it('stops the user’s answer in flight, and the final message keeps the partial answer as stopped', async () => {
    const { realtime, log, engine, store } = newTestDoors();
    const release = holdAnswer(engine);
    const { ack, acks } = ackInto([]);
    const sending = realtime.sendMessage(u1, { message: 'hola' }, recordingOrigin().origin, ack);
    await until(() => log.some((e) => e.event === 'message_chunk'), 'the first chunk');

    // Another user cannot stop it.
    await expect(realtime.stop(testUser('u2'), {})).resolves.toEqual({ stopped: false });
    const id = (acks[0] as { message_id: string }).message_id;
    await expect(realtime.stop(u1, undefined)).resolves.toEqual({ stopped: true, message_id: id });
    release();
    await sending;

    expect(log.at(-1)).toMatchObject({
      event: 'message',
      data: { message_id: id, finish_reason: 'stopped', response: 'Hola, ' },
    });
    expect(store.messages.at(-1)).toMatchObject({
      id,
      finish_reason: 'stopped',
      content: 'Hola, ',
    });
    await expect(realtime.stop(u1, {})).resolves.toEqual({ stopped: false });
    await expect(realtime.stop(u1, { message_id: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('stops the user’s answer when another instance asks for it', async () => {
    const { chat, memory, admission, engine, config, log } = newTestDoors();
    const hub = new RealtimeHub({
      ...config,
      redis: { url: 'redis://unused', keyPrefix: 'chat:' },
    } as AppConfig);
    const io = fakeNamespace(log);
    hub.attachNamespace(io.ns);
    const realtime = new RealtimeService(chat, memory, hub, admission);
    try {
      const release = holdAnswer(engine);
      const { ack, acks } = ackInto([]);
      const sending = realtime.sendMessage(u1, { message: 'hola' }, recordingOrigin().origin, ack);
      await until(() => log.some((e) => e.event === 'message_chunk'), 'the first chunk');
      const replies: unknown[] = [];
      io.handlers.get('chat:stop')?.({ userId: 'u1' }, (id: string | null) => replies.push(id));
      release();
      await sending;
      expect(replies).toEqual([(acks[0] as { message_id: string }).message_id]);
      expect(log.at(-1)).toMatchObject({ event: 'message', data: { finish_reason: 'stopped' } });
    } finally {
      hub.onModuleDestroy();
    }
  });

  it('returns the user’s history in its public form, oldest first, up to the limit', async () => {
    const { realtime } = newTestDoors();
    await realtime.sendMessage(u1, { message: 'Hola' }, recordingOrigin().origin);
    const { messages } = await realtime.history(u1, undefined);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Hola'],
      ['assistant', 'Hola, esto es una respuesta.'],
    ]);
    for (const m of messages) {
      expect(Object.keys(m)).not.toEqual(expect.arrayContaining(['user_id']));
      expect(Object.keys(m)).not.toEqual(expect.arrayContaining(['reply_to']));
    }
    expect(messages[1]).toMatchObject({ finish_reason: 'stop', sources: [] });
    const last = await realtime.history(u1, { limit: 1 });
    expect(last.messages.map((m) => m.role)).toEqual(['assistant']);
  });

  it('spends the history budget: rate_limited beyond it', async () => {
    const { realtime } = newTestDoors({ RATE_LIMIT_HISTORY_PER_MIN: '2' });
    await realtime.history(u1, {});
    await realtime.history(u1, {});
    await expect(realtime.history(u1, {})).rejects.toMatchObject({ code: 'rate_limited' });
    // Each user has a budget of their own.
    await expect(realtime.history(testUser('u2'), {})).resolves.toEqual({ messages: [] });
  });

  it('keeps to the given conversation, and answers not_found for another user’s', async () => {
    const { realtime } = newTestDoors();
    const mine = ackInto([]);
    await realtime.sendMessage(u1, { message: 'primera' }, recordingOrigin().origin, mine.ack);
    await realtime.sendMessage(u1, { message: 'segunda' }, recordingOrigin().origin);
    const theirs = ackInto([]);
    await realtime.sendMessage(
      testUser('u2'),
      { message: 'ajena' },
      recordingOrigin().origin,
      theirs.ack,
    );
    const own = (mine.acks[0] as { conversation_id: string }).conversation_id;
    const foreign = (theirs.acks[0] as { conversation_id: string }).conversation_id;

    const { messages } = await realtime.history(u1, { conversation_id: own });
    expect(messages.map((m) => m.content)).toEqual(['primera', 'Hola, esto es una respuesta.']);
    await expect(realtime.history(u1, { conversation_id: foreign })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses an invalid history payload', async () => {
    const { realtime } = newTestDoors();
    for (const payload of [{ limit: 0 }, { limit: 201 }, { conversation_id: 'x' }, { other: 1 }]) {
      await expect(realtime.history(u1, payload)).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });
});
