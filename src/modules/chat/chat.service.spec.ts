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
    const { chat, store } = newTestChatService();
    const deltas: string[] = [];
    const started: string[] = [];
    const reply = await chat.send(testUser(), input('  ¿Qué es un CEDEAR?  '), {
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
    const { chat, engine, store } = newTestChatService();
    const first = await chat.send(testUser(), input('Hola', { clientMessageId: 'c1' }));
    const replays: ChatReply[] = [];
    const again = await chat.send(testUser(), input('Hola', { clientMessageId: 'c1' }), {
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
    const { chat, engine } = newTestChatService();
    const first = await chat.send(testUser(), input('Hola', { clientMessageId: 'c2' }));
    chat.forgetReplies('u1');
    let replayed = false;
    const again = await chat.send(testUser(), input('Hola', { clientMessageId: 'c2' }), {
      onReplay: () => (replayed = true),
    });
    expect(replayed).toBe(true);
    expect(again).toMatchObject({ message_id: first.message_id, response: first.response });
    expect(engine.requests).toHaveLength(1);
  });

  it('refuses a second message while the user has an answer in flight (busy)', async () => {
    const { chat, engine } = newTestChatService();
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    let firstChunk!: () => void;
    const streaming = new Promise<void>((r) => (firstChunk = r));
    const first = chat.send(testUser(), input('uno'), { onDelta: () => firstChunk() });
    await streaming;
    await expect(chat.send(testUser(), input('dos'))).rejects.toMatchObject({ code: 'busy' });
    release();
    await expect(first).resolves.toMatchObject({ finish_reason: 'stop' });
    await expect(chat.send(testUser(), input('tres'))).resolves.toMatchObject({
      finish_reason: 'stop',
    });
  });

  it('refuses when another instance holds the user’s answer lock', async () => {
    const { chat, lock, engine } = newTestChatService();
    await lock.acquire('u1', 'elsewhere', 60_000);
    await expect(chat.send(testUser(), input('hola'))).rejects.toMatchObject({ code: 'busy' });
    expect(engine.requests).toHaveLength(0);
    await lock.release('u1', 'elsewhere');
  });

  it('keeps the question and the partial answer when the engine fails midway, and answers 503', async () => {
    const { chat, engine, store } = newTestChatService();
    engine.failure = new Error('upstream cut');
    engine.failAfter = 1;
    const err = await chat.send(testUser(), input('hola')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('assistant_unavailable');
    expect(store.messages.map((m) => [m.role, m.content, m.finish_reason])).toEqual([
      ['user', 'hola', null],
      ['assistant', 'Hola, ', 'error'],
    ]);
  });

  it('never asks the engine when the question cannot be stored', async () => {
    const { chat, engine, store } = newTestChatService();
    store.failNextInsert = new AppError('storage_unavailable', 'caído');
    await expect(chat.send(testUser(), input('hola'))).rejects.toMatchObject({
      code: 'storage_unavailable',
    });
    expect(engine.requests).toHaveLength(0);
    expect(store.messages).toHaveLength(0);
  });

  it('stops the answer in flight and saves what was streamed as stopped', async () => {
    const { chat, engine, store } = newTestChatService();
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    let firstChunk!: () => void;
    const streaming = new Promise<void>((r) => (firstChunk = r));
    const pending = chat.send(testUser(), input('hola'), { onDelta: () => firstChunk() });
    await streaming;
    expect(chat.stop('u1')).not.toBeNull();
    release();
    const reply = await pending;
    expect(reply).toMatchObject({ finish_reason: 'stopped', response: 'Hola, ' });
    expect(store.messages[1]).toMatchObject({ finish_reason: 'stopped', content: 'Hola, ' });
  });

  it('refuses empty and overlong messages, and any message while shutting down', async () => {
    const { chat, shutdown, engine } = newTestChatService();
    await expect(chat.send(testUser(), input('   '))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(chat.send(testUser(), input('x'.repeat(4001)))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    shutdown.shuttingDown = true;
    await expect(chat.send(testUser(), input('hola'))).rejects.toMatchObject({
      code: 'assistant_unavailable',
    });
    expect(engine.requests).toHaveLength(0);
  });
});
