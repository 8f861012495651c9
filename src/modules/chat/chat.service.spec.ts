import { AppError } from '../../common/errors/app-error';
import { newTestChatService, testUser } from '../../../test/support/unit/new-test-chat-service';
import type { ChatReply } from './chat-reply';

const input = (message: string, extra: { clientMessageId?: string } = {}) => ({
  message,
  transport: 'rest' as const,
  ...extra,
});

describe('ChatService', () => {
  it('saves the question, streams the answer to the listener and saves the answer', async () => {
    const { send, store } = newTestChatService();
    const deltas: string[] = [];
    const started: string[] = [];
    const reply = await send(testUser(), input('  ¿Qué es un CEDEAR?  '), {
      onStart: (info) => started.push(info.message_id),
      onDelta: (d) => deltas.push(d),
    });
    expect(started).toEqual([reply.message_id]);
    expect(deltas.join('')).toBe('Hola, esto es una respuesta.');
    expect(reply).toMatchObject({
      response: 'Hola, esto es una respuesta.',
      finish_reason: 'stop',
    });
    expect(store.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', '¿Qué es un CEDEAR?'],
      ['assistant', 'Hola, esto es una respuesta.'],
    ]);
    expect(store.messages[1].reply_to).toBe(reply.user_message_id);
    expect(store.conversations).toHaveLength(1);
  });

  it('answers a repeated client_message_id with the first reply, through onReplay, without a new answer', async () => {
    const { send, engine, store } = newTestChatService();
    const first = await send(testUser(), input('Hola', { clientMessageId: 'c1' }));
    const replays: ChatReply[] = [];
    const again = await send(testUser(), input('Hola', { clientMessageId: 'c1' }), {
      onStart: () => {
        throw new Error('a repeat must not start an exchange');
      },
      onReplay: (r) => replays.push(r),
    });
    expect(again.message_id).toBe(first.message_id);
    expect(replays).toEqual([again]);
    expect(engine.requests).toHaveLength(1);
    expect(store.messages).toHaveLength(2);
  });

  it('rebuilds the reply of a repeat from the store once the recent replies are forgotten', async () => {
    const { chat, send, engine } = newTestChatService();
    const first = await send(testUser(), input('Hola', { clientMessageId: 'c2' }));
    chat.forgetReplies('u1');
    let replayed = false;
    const again = await send(testUser(), input('Hola', { clientMessageId: 'c2' }), {
      onReplay: () => (replayed = true),
    });
    expect(replayed).toBe(true);
    expect(again).toMatchObject({ message_id: first.message_id, response: first.response });
    expect(engine.requests).toHaveLength(1);
  });

  it('refuses a second message while the user has an answer in flight (busy)', async () => {
    const { send, engine } = newTestChatService();
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    let firstChunk!: () => void;
    const streaming = new Promise<void>((r) => (firstChunk = r));
    const first = send(testUser(), input('uno'), { onDelta: () => firstChunk() });
    await streaming;
    await expect(send(testUser(), input('dos'))).rejects.toMatchObject({ code: 'busy' });
    release();
    await expect(first).resolves.toMatchObject({ finish_reason: 'stop' });
    await expect(send(testUser(), input('tres'))).resolves.toMatchObject({
      finish_reason: 'stop',
    });
  });

  it('refuses when another instance holds the user’s answer lock', async () => {
    const { send, lock, engine } = newTestChatService();
    await lock.acquire('u1', 'elsewhere', 60_000);
    await expect(send(testUser(), input('hola'))).rejects.toMatchObject({ code: 'busy' });
    expect(engine.requests).toHaveLength(0);
    await lock.release('u1', 'elsewhere');
  });

  it('keeps the question and the partial answer when the engine fails midway, and answers 503', async () => {
    const { send, engine, store } = newTestChatService();
    engine.failure = new Error('upstream cut');
    engine.failAfter = 1;
    const err = await send(testUser(), input('hola')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('assistant_unavailable');
    expect(store.messages.map((m) => [m.role, m.content, m.finish_reason])).toEqual([
      ['user', 'hola', null],
      ['assistant', 'Hola, ', 'error'],
    ]);
  });

  it('answers the storage error, streams nothing and saves nothing when the question cannot be stored', async () => {
    const { send, store } = newTestChatService();
    store.failNextInsert = new AppError('storage_unavailable', 'caído');
    const seen: string[] = [];
    await expect(
      send(testUser(), input('hola'), {
        onStart: () => seen.push('start'),
        onDelta: (d) => seen.push(d),
      }),
    ).rejects.toMatchObject({ code: 'storage_unavailable' });
    expect(seen).toEqual([]);
    expect(store.messages).toHaveLength(0);
  });

  it('stops the answer in flight and saves what was streamed as stopped', async () => {
    const { chat, send, engine, store } = newTestChatService();
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    let firstChunk!: () => void;
    const streaming = new Promise<void>((r) => (firstChunk = r));
    const pending = send(testUser(), input('hola'), { onDelta: () => firstChunk() });
    await streaming;
    expect(chat.stop('u1')).not.toBeNull();
    release();
    const reply = await pending;
    expect(reply).toMatchObject({ finish_reason: 'stopped', response: 'Hola, ' });
    expect(store.messages[1]).toMatchObject({ finish_reason: 'stopped', content: 'Hola, ' });
  });

  describe('while the question is being stored', () => {
    /** What reached the listener, in order. */
    const recorder = () => {
      const seen: string[] = [];
      const listener = {
        onStart: (info: { user_message_id: string }) => seen.push(`start ${info.user_message_id}`),
        onDelta: (d: string, i: number) => seen.push(`${i}:${d}`),
      };
      return { seen, listener };
    };
    /** Lets every pending callback and timer of this turn run. */
    const settle = () => new Promise((r) => setTimeout(r, 20));

    it('asks the engine before the question’s insert has committed', async () => {
      const { send, store, engine } = newTestChatService();
      const insert = store.holdNextInsert();
      const asked = engine.nextRequest();
      const pending = send(testUser(), input('¿Qué es un CEDEAR?'));
      await insert.started;
      const first = await Promise.race([
        asked,
        settle()
          .then(() => settle())
          .then(() => null),
      ]);
      expect(first).not.toBeNull();
      expect(store.messages).toHaveLength(0);
      insert.commit();
      await expect(pending).resolves.toMatchObject({ finish_reason: 'stop' });
    });

    it('holds the start and the deltas until the question commits, then releases them in order and streams the rest live', async () => {
      const { send, store, engine } = newTestChatService();
      const insert = store.holdNextInsert();
      let release!: () => void;
      engine.hold = new Promise((r) => (release = r));
      const asked = engine.nextRequest();
      const { seen, listener } = recorder();
      const pending = send(testUser(), input('hola'), listener);
      const question = await insert.started;
      await asked;
      await settle();
      // The first chunk is out of the engine, but nothing reached the client.
      expect(seen).toEqual([]);
      insert.commit();
      await settle();
      expect(seen).toEqual([`start ${question.id}`, '0:Hola, ']);
      release();
      const reply = await pending;
      expect(seen).toEqual([`start ${question.id}`, '0:Hola, ', '1:esto es ', '2:una respuesta.']);
      expect(reply.user_message_id).toBe(question.id);
    });

    it('waits for the question to commit when the answer is complete first, and only then saves the answer', async () => {
      const { send, store, engine } = newTestChatService();
      const insert = store.holdNextInsert();
      const asked = engine.nextRequest();
      const { seen, listener } = recorder();
      const pending = send(testUser(), input('hola'), listener);
      const question = await insert.started;
      await asked;
      await settle();
      expect(seen).toEqual([]);
      expect(store.messages).toHaveLength(0);
      insert.commit();
      const reply = await pending;
      expect(seen).toEqual([`start ${question.id}`, '0:Hola, ', '1:esto es ', '2:una respuesta.']);
      expect(store.messages.map((m) => [m.role, m.id, m.reply_to])).toEqual([
        ['user', question.id, null],
        ['assistant', reply.message_id, question.id],
      ]);
    });

    it('aborts the engine and answers the storage error, with nothing streamed or saved, when the insert fails', async () => {
      const { send, store, engine } = newTestChatService();
      const insert = store.holdNextInsert();
      engine.hold = new Promise(() => undefined); // until aborted
      const asked = engine.nextRequest();
      const { seen, listener } = recorder();
      const pending = send(testUser(), input('hola'), listener);
      await insert.started;
      const request = await asked;
      expect(request.signal.aborted).toBe(false);
      insert.fail(new AppError('storage_unavailable', 'caído'));
      await expect(pending).rejects.toMatchObject({ code: 'storage_unavailable' });
      expect(request.signal.aborted).toBe(true);
      expect(seen).toEqual([]);
      expect(store.messages).toHaveLength(0);
      // The user's next message is not refused as busy.
      engine.hold = null;
      await expect(send(testUser(), input('hola'))).resolves.toMatchObject({
        finish_reason: 'stop',
      });
    });

    it('keeps a stop made meanwhile: the partial answer streams and is saved once the question commits', async () => {
      const { chat, send, store, engine } = newTestChatService();
      const insert = store.holdNextInsert();
      engine.hold = new Promise(() => undefined); // until aborted
      const asked = engine.nextRequest();
      const { seen, listener } = recorder();
      const pending = send(testUser(), input('hola'), listener);
      const question = await insert.started;
      await asked;
      expect(chat.stop('u1')).not.toBeNull();
      await settle();
      expect(seen).toEqual([]);
      insert.commit();
      await expect(pending).resolves.toMatchObject({
        finish_reason: 'stopped',
        response: 'Hola, ',
      });
      expect(seen).toEqual([`start ${question.id}`, '0:Hola, ']);
      expect(store.messages.map((m) => [m.role, m.finish_reason])).toEqual([
        ['user', null],
        ['assistant', 'stopped'],
      ]);
    });

    it('never puts the question being answered in the history window, nor a retried one', async () => {
      const { send, store, engine } = newTestChatService();
      const first = await send(testUser(), input('uno'));
      const conversationId = first.conversation_id;
      const history = (i: number) => engine.requests[i].history.map((m) => m.content);
      // A new question, with the window read while its insert is pending.
      const insert = store.holdNextInsert();
      const asked = engine.nextRequest();
      const pending = send(testUser(), { ...input('dos'), conversationId });
      await insert.started;
      await asked;
      insert.commit();
      await pending;
      expect(history(1)).toEqual(['uno', 'Hola, esto es una respuesta.']);
      // A question stored by an attempt whose answer failed, answered again on a retry.
      engine.failure = new Error('upstream down');
      await expect(
        send(testUser(), { ...input('tres', { clientMessageId: 'k3' }), conversationId }),
      ).rejects.toMatchObject({ code: 'assistant_unavailable' });
      engine.failure = null;
      const retried = await send(testUser(), {
        ...input('tres', { clientMessageId: 'k3' }),
        conversationId,
      });
      expect(store.messages.filter((m) => m.content === 'tres')).toHaveLength(1);
      expect(retried.user_message_id).toBe(store.messages.find((m) => m.content === 'tres')?.id);
      expect(history(3)).toEqual([
        'uno',
        'Hola, esto es una respuesta.',
        'dos',
        'Hola, esto es una respuesta.',
      ]);
    });
  });

  it('refuses empty and overlong messages, and any message while shutting down', async () => {
    const { send, shutdown, engine } = newTestChatService();
    await expect(send(testUser(), input('   '))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(send(testUser(), input('x'.repeat(4001)))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    shutdown.shuttingDown = true;
    await expect(send(testUser(), input('hola'))).rejects.toMatchObject({
      code: 'assistant_unavailable',
    });
    expect(engine.requests).toHaveLength(0);
  });

  it('refuses over the day’s quota before storing or asking anything, but still replays a repeat', async () => {
    const { send, quota, engine, store } = newTestChatService({ QUOTA_TOKENS_PER_DAY: '15' });
    const first = await send(testUser(), input('Hola', { clientMessageId: 'q1' }));
    expect(first.usage?.total_tokens).toBe(15);
    await new Promise((r) => setImmediate(r)); // the usage is recorded off the reply's path
    expect((await quota.usage('u1')).tokens_used).toBe(15);
    await expect(send(testUser(), input('otra'))).rejects.toMatchObject({
      code: 'quota_exceeded',
    });
    expect(engine.requests).toHaveLength(1);
    expect(store.messages).toHaveLength(2);
    const again = await send(testUser(), input('Hola', { clientMessageId: 'q1' }));
    expect(again.message_id).toBe(first.message_id);
  });

  it('gives the answer lock back when the exchange ends, whatever its outcome', async () => {
    const { send, lock, engine } = newTestChatService();
    await send(testUser(), input('uno'));
    expect(await lock.acquire('u1', 'probe', 60_000)).toBe(true);
    await lock.release('u1', 'probe');
    engine.failure = new Error('down');
    await expect(send(testUser(), input('dos'))).rejects.toMatchObject({
      code: 'assistant_unavailable',
    });
    expect(await lock.acquire('u1', 'probe', 60_000)).toBe(true);
  });

  it('answers with the id the admission step gave the answer', async () => {
    const { chat, admission } = newTestChatService();
    const ticket = await admission.admitMessage('u1');
    const reply = await chat.send(testUser(), input('hola'), ticket);
    expect(reply.message_id).toBe(ticket.messageId);
  });
});
