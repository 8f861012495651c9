import { Logger } from '@nestjs/common';
import { testUser } from '../../../test/support/unit/new-test-chat-service';
import { newTestGateway, settle, until } from '../../../test/support/unit/new-test-doors';
import type { SendAck } from './realtime.events';

type Gateway = ReturnType<typeof newTestGateway>;
let current: Gateway | null = null;
const gatewayFor = (env: Record<string, string> = {}) => (current = newTestGateway(env));

beforeAll(() => Logger.overrideLogger(false));
afterEach(() => {
  current?.gateway.onModuleDestroy();
  current = null;
});

describe('ChatGateway: the Socket.IO door', () => {
  it('admits a socket with a valid token into its user’s room and greets it; refuses a bad token', async () => {
    const { connect, hub } = gatewayFor();
    const socket = await connect('u1');
    expect(socket.rooms).toEqual(['user:u1']);
    expect(socket.of('connection_established')).toEqual([
      { user_id: 'u1', session_id: socket.id, server_time: expect.any(String) },
    ]);
    expect(hub.connections('u1')).toBe(1);
    await expect(connect('bad')).rejects.toThrow('unauthorized');
  });

  describe('send_message', () => {
    it('acks the start with the answer’s ids and streams the exchange to the user’s room', async () => {
      const { connect, gateway, log } = gatewayFor();
      const socket = await connect();
      const acks: SendAck[] = [];
      gateway.onSendMessage(socket.socket as never, { message: 'Hola' }, (a) => acks.push(a));
      await until(() => log.some((e) => e.event === 'message'), 'the final message');
      expect(acks).toEqual([
        { ok: true, message_id: expect.any(String), conversation_id: expect.any(String) },
      ]);
      expect(log.map((e) => [e.to, e.event])).toEqual([
        ['user:u1', 'typing'],
        ['user:u1', 'message_chunk'],
        ['user:u1', 'message_chunk'],
        ['user:u1', 'message_chunk'],
        ['user:u1', 'typing'],
        ['user:u1', 'message'],
      ]);
      expect(log.at(-1)?.data).toMatchObject({
        message_id: (acks[0] as { message_id: string }).message_id,
        role: 'assistant',
      });
    });

    it('answers a refusal in the ack when there is one, and as an error event to the socket when not', async () => {
      const { connect, gateway, log } = gatewayFor();
      const socket = await connect();
      const acks: SendAck[] = [];
      gateway.onSendMessage(socket.socket as never, { message: '' }, (a) => acks.push(a));
      await until(() => acks.length === 1, 'the ack');
      expect(acks[0]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(socket.of('error')).toEqual([]);

      // socket.io passes no ack function when the client asked for none.
      gateway.onSendMessage(socket.socket as never, { message: '' }, undefined);
      gateway.onSendMessage(socket.socket as never, { message: '' }, 'no es una función' as never);
      await until(() => socket.of('error').length === 2, 'the error events');
      expect(socket.of('error')).toEqual([
        { code: 'invalid_input', message: expect.any(String) },
        { code: 'invalid_input', message: expect.any(String) },
      ]);
      expect(log).toEqual([]);
    });
  });

  describe('get_history', () => {
    it('answers in the ack when there is one, and with a history event when not', async () => {
      const { connect, gateway, send } = gatewayFor();
      const socket = await connect();
      await send(testUser('u1'), { message: 'Hola', transport: 'socketio' });
      const acked: unknown[] = [];
      await gateway.onGetHistory(socket.socket as never, {}, (a) => acked.push(a));
      expect(acked).toEqual([
        {
          messages: [
            expect.objectContaining({ role: 'user' }),
            expect.objectContaining({ role: 'assistant' }),
          ],
        },
      ]);
      expect(socket.of('history')).toEqual([]);

      await gateway.onGetHistory(socket.socket as never, { limit: 1 }, undefined);
      expect(socket.of('history')).toEqual([
        { messages: [expect.objectContaining({ role: 'assistant' })] },
      ]);
    });

    it('on a refusal, acks empty messages with the error, and also emits the error event', async () => {
      const { connect, gateway } = gatewayFor({ RATE_LIMIT_HISTORY_PER_MIN: '1' });
      const socket = await connect();
      const acked: unknown[] = [];
      await gateway.onGetHistory(socket.socket as never, { limit: 0 }, (a) => acked.push(a));
      const invalid = { code: 'invalid_input', message: expect.any(String) };
      expect(acked).toEqual([{ messages: [], error: invalid }]);
      expect(socket.of('error')).toEqual([invalid]);

      await gateway.onGetHistory(socket.socket as never, {}, undefined);
      await gateway.onGetHistory(socket.socket as never, {}, undefined);
      expect(socket.of('history')).toHaveLength(1);
      expect(socket.of('error').at(-1)).toEqual({
        code: 'rate_limited',
        message: expect.any(String),
        retry_after: expect.any(Number),
      });
    });
  });

  describe('stop_generation', () => {
    it('stops the user’s answer in flight and acks its id; acks stopped:false with nothing to stop', async () => {
      const { connect, gateway, engine, log } = gatewayFor();
      const socket = await connect();
      let release!: () => void;
      engine.hold = new Promise((r) => (release = r));
      const acks: SendAck[] = [];
      gateway.onSendMessage(socket.socket as never, { message: 'hola' }, (a) => acks.push(a));
      await until(() => log.some((e) => e.event === 'message_chunk'), 'the first chunk');

      const stopAcks: unknown[] = [];
      await gateway.onStop(socket.socket as never, {}, (a) => stopAcks.push(a));
      release();
      await until(() => log.some((e) => e.event === 'message'), 'the final message');
      const id = (acks[0] as { message_id: string }).message_id;
      expect(stopAcks).toEqual([{ stopped: true, message_id: id }]);
      expect(log.at(-1)?.data).toMatchObject({ message_id: id, finish_reason: 'stopped' });

      await gateway.onStop(socket.socket as never, {}, (a) => stopAcks.push(a));
      expect(stopAcks.at(-1)).toEqual({ stopped: false });
      // Without an ack function nothing is answered, and nothing fails.
      await expect(gateway.onStop(socket.socket as never, {}, undefined)).resolves.toBeUndefined();
    });

    it('beyond the burst, still acks stopped:false, and refuses with rate_limited', async () => {
      const { connect, gateway } = gatewayFor();
      const socket = await connect();
      const acks: unknown[] = [];
      for (let i = 0; i < 3; i++)
        await gateway.onStop(socket.socket as never, {}, (a) => acks.push(a));
      await expect(
        gateway.onStop(socket.socket as never, {}, (a) => acks.push(a)),
      ).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterS: 1 } });
      expect(acks).toEqual([
        { stopped: false },
        { stopped: false },
        { stopped: false },
        { stopped: false },
      ]);
      // The throttle is per socket.
      const other = await connect();
      await expect(gateway.onStop(other.socket as never, {}, undefined)).resolves.toBeUndefined();
    });
  });

  describe('typing', () => {
    it('relays to the user’s room except this socket, dropping events beyond the burst without an error', async () => {
      const { connect, gateway, log } = gatewayFor();
      const socket = await connect();
      for (let i = 0; i < 8; i++) gateway.onTyping(socket.socket as never, { is_typing: true });
      await settle();
      expect(log).toEqual(
        Array.from({ length: 5 }, () => ({
          to: 'user:u1',
          except: socket.id,
          event: 'typing',
          data: { is_typing: true, actor: 'user' },
        })),
      );
      expect(socket.of('error')).toEqual([]);
    });
  });
});
