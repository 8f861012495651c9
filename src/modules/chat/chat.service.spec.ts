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

  it('never asks the engine when the question cannot be stored', async () => {
    const { send, engine, store } = newTestChatService();
    store.failNextInsert = new AppError('storage_unavailable', 'caído');
    await expect(send(testUser(), input('hola'))).rejects.toMatchObject({
      code: 'storage_unavailable',
    });
    expect(engine.requests).toHaveLength(0);
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
