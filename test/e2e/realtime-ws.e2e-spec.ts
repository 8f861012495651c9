import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, connectWs, until, waitFor } from '../support/sockets';

describe('plain WebSocket /ws/chat/{user_id}', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;

  beforeAll(async () => {
    await llm.start();
    t = await bootApp(
      testConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.url, OPENAI_MAX_RETRIES: '0' }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it('closes with 4401 on a missing or bad token and 4403 on another user’s path', async () => {
    expect(await (await connectWs(t.url, '/ws/chat/ana')).closed).toMatchObject({ code: 4401 });
    expect(await (await connectWs(t.url, '/ws/chat/ana?token=nope')).closed).toMatchObject({
      code: 4401,
    });
    expect(
      await (
        await connectWs(t.url, `/ws/chat/bob?token=${tokenFor('ana')}`)
      ).closed,
    ).toMatchObject({ code: 4403 });
  });

  it('runs the seed’s client flow: send_message, chunks, the final message, each frame timestamped', async () => {
    llm.enqueue({ chunks: ['YPF ', 'es ', 'una ', 'petrolera.'] });
    const { ws, frames } = await connectWs(t.url, `/ws/chat/ana?token=${tokenFor('ana')}`);
    await until(() => frames.length > 0);
    expect(frames[0]).toMatchObject({ type: 'connection_established', data: { user_id: 'ana' } });
    ws.send(JSON.stringify({ type: 'send_message', data: { message: '¿Qué opinas sobre YPF?' } }));
    await until(() => frames.some((f) => f.type === 'message'));
    const types = frames.map((f) => f.type);
    expect(types).toEqual([
      'connection_established',
      'typing',
      'message_chunk',
      'message_chunk',
      'message_chunk',
      'message_chunk',
      'typing',
      'message',
    ]);
    const message = frames[frames.length - 1].data;
    expect(message).toMatchObject({
      role: 'assistant',
      response: 'YPF es una petrolera.',
      finish_reason: 'stop',
    });
    expect(frames.every((f) => !Number.isNaN(Date.parse(f.timestamp)))).toBe(true);
    ws.close();
  });

  it('accepts the token in an Authorization header', async () => {
    const { ws, frames } = await connectWs(t.url, '/ws/chat/ana', {
      Authorization: `Bearer ${tokenFor('ana')}`,
    });
    await until(() => frames.length > 0);
    expect(frames[0].type).toBe('connection_established');
    ws.close();
  });

  it('answers ping, get_history, bad JSON and unknown types without closing', async () => {
    const { ws, frames } = await connectWs(t.url, `/ws/chat/ana?token=${tokenFor('ana')}`);
    ws.send('this is not json');
    ws.send(JSON.stringify({ type: 'teleport', data: {} }));
    ws.send(JSON.stringify({ type: 'send_message', data: { message: '' } }));
    ws.send(JSON.stringify({ type: 'ping' }));
    ws.send(JSON.stringify({ type: 'get_history', data: { limit: 2 } }));
    await until(() => frames.some((f) => f.type === 'history'));
    const errors = frames.filter((f) => f.type === 'error').map((f) => f.data.code);
    expect(errors).toEqual(['invalid_input', 'invalid_input', 'invalid_input']);
    expect(frames.some((f) => f.type === 'pong')).toBe(true);
    expect(frames.find((f) => f.type === 'history')!.data.messages).toHaveLength(2);
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('shares the exchange with the user’s Socket.IO devices, and stops on stop_generation', async () => {
    llm.enqueue({ chunks: Array.from({ length: 80 }, (_, i) => `w${i} `), gapMs: 25 });
    const { ws, frames } = await connectWs(t.url, `/ws/chat/carla?token=${tokenFor('carla')}`);
    const io = connectIo(t.url, tokenFor('carla'));
    await connected(io);
    ws.send(JSON.stringify({ type: 'send_message', data: { message: 'Algo largo, por favor' } }));
    await until(() => io.events.filter((e) => e.event === 'message_chunk').length >= 3);
    ws.send(JSON.stringify({ type: 'stop_generation', data: {} }));
    const message = await waitFor(io, 'message');
    expect(message.finish_reason).toBe('stopped');
    await until(() => frames.some((f) => f.type === 'message'));
    expect(frames.find((f) => f.type === 'message')!.data.message_id).toBe(message.message_id);
    io.disconnect();
    ws.close();
  });
});
