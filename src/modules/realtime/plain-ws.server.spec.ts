import { Logger } from '@nestjs/common';
import { newTestPlainWs, until } from '../../../test/support/unit/new-test-doors';
import type { FakePlainSocket } from '../../../test/support/unit/new-test-doors';
import { MAX_JSON_DEPTH } from '../../common/validation/json-hazard';

const NOT_AN_OBJECT = 'Cada mensaje debe ser un objeto JSON: { "type", "data" }.';

const frame = (type: unknown, data?: unknown) => JSON.stringify({ type, data });

/** Waits for the `n`th frame of `type` on the socket, and returns the frames of that type. */
async function nth(socket: FakePlainSocket, type: string, n = 1) {
  await until(() => socket.of(type).length >= n, `${n} "${type}" frame(s)`);
  return socket.of(type);
}

const deep = (levels: number): unknown => {
  let v: unknown = 'fondo';
  for (let i = 0; i < levels; i++) v = { v };
  return v;
};

beforeAll(() => Logger.overrideLogger(false));

describe('PlainWsServer: frames in, frames out', () => {
  it('greets an accepted connection, and forgets it (freeing its slot) when it closes', () => {
    const { connect, hub } = newTestPlainWs();
    const { socket, slot } = connect('u1');
    expect(socket.frames).toEqual([
      {
        type: 'connection_established',
        data: { user_id: 'u1', session_id: expect.any(String), server_time: expect.any(String) },
        timestamp: expect.any(String),
      },
    ]);
    expect(hub.connections('u1')).toBe(1);
    socket.close(1000);
    expect(hub.connections('u1')).toBe(0);
    expect(slot.releases).toBe(1);
  });

  it('answers a frame that is not a JSON object with an invalid_input error, and stays open', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    const raws = ['hola', '{"type":', '', '42', '"ping"', 'null', 'true'];
    for (const raw of raws) socket.receive(raw);
    const errors = await nth(socket, 'error', raws.length);
    expect(errors.map((f) => f.data)).toEqual(
      raws.map(() => ({ code: 'invalid_input', message: NOT_AN_OBJECT })),
    );
    expect(socket.closed).toBeNull();
    socket.receive(frame('ping'));
    await nth(socket, 'pong');
  });

  it('refuses binary frames, even when they hold a valid frame', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    socket.receive(Buffer.from(frame('ping')), true);
    const [error] = await nth(socket, 'error');
    expect(error.data).toEqual({ code: 'invalid_input', message: NOT_AN_OBJECT });
    expect(socket.of('pong')).toEqual([]);
  });

  it('reads a text frame however ws hands it over: one buffer, fragments or an ArrayBuffer', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    const text = frame('ping');
    socket.receive([Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]);
    const bytes = Buffer.from(text);
    socket.receive(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    await nth(socket, 'pong', 2);
    expect(socket.of('error')).toEqual([]);
  });

  it('answers ping with pong', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    socket.receive(frame('ping'));
    const [pong] = await nth(socket, 'pong');
    expect(pong).toEqual({ type: 'pong', data: {}, timestamp: expect.any(String) });
  });

  it('answers an unknown or missing type with an invalid_input error naming it', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    socket.receive(frame('saludo'));
    socket.receive(JSON.stringify({ data: {} }));
    socket.receive(frame('x'.repeat(500)));
    const errors = await nth(socket, 'error', 3);
    expect(errors.map((f) => f.data.code)).toEqual([
      'invalid_input',
      'invalid_input',
      'invalid_input',
    ]);
    expect(errors[0].data.message).toBe('Tipo de mensaje desconocido: "saludo"');
    expect(errors[1].data.message).toBe('Tipo de mensaje desconocido: null');
    // The client's text is echoed back only in part.
    expect(errors[2].data.message.length).toBeLessThan(100);
  });

  it('refuses deeply nested JSON and NUL characters before acting on the frame', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    socket.receive(frame('ping', deep(MAX_JSON_DEPTH + 5)));
    socket.receive(frame('ping', { note: 'a\u0000b' }));
    const errors = await nth(socket, 'error', 2);
    expect(errors.map((f) => f.data.code)).toEqual(['invalid_input', 'invalid_input']);
    expect(errors[0].data.message).toMatch(/anidados/);
    expect(errors[1].data.message).toMatch(/nulos/);
    expect(socket.of('pong')).toEqual([]);
    // Nesting within the limit is not refused.
    socket.receive(frame('ping', deep(MAX_JSON_DEPTH - 5)));
    await nth(socket, 'pong');
  });

  it('streams send_message to all the user’s connections, and tells a refusal to the sender alone', async () => {
    const { connect } = newTestPlainWs();
    const a = connect('u1').socket;
    const b = connect('u1').socket;
    const other = connect('u2').socket;
    a.receive(frame('send_message', { message: '¿Qué es un CEDEAR?' }));
    await nth(a, 'message');
    for (const s of [a, b]) {
      expect(s.frames.slice(1).map((f) => f.type)).toEqual([
        'typing',
        'message_chunk',
        'message_chunk',
        'message_chunk',
        'typing',
        'message',
      ]);
      expect(s.of('message_chunk').map((f) => f.data.index)).toEqual([0, 1, 2]);
      expect(s.of('message')[0].data).toMatchObject({
        role: 'assistant',
        response: 'Hola, esto es una respuesta.',
      });
    }
    expect(other.frames.map((f) => f.type)).toEqual(['connection_established']);

    const before = b.frames.length;
    a.receive(frame('send_message', { message: '' }));
    const [error] = await nth(a, 'error');
    expect(error.data.code).toBe('invalid_input');
    expect(b.frames).toHaveLength(before);
  });

  it('answers get_history with a history frame, and an invalid request with an error frame', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    socket.receive(frame('send_message', { message: 'Hola' }));
    await nth(socket, 'message');
    socket.receive(frame('get_history', { limit: 10 }));
    const [history] = await nth(socket, 'history');
    expect(history.data.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
    socket.receive(frame('get_history'));
    await nth(socket, 'history', 2);
    socket.receive(frame('get_history', { limit: 0 }));
    const [error] = await nth(socket, 'error');
    expect(error.data.code).toBe('invalid_input');
  });

  it('relays typing to the user’s other connections, silently dropping it beyond the burst', async () => {
    const { connect } = newTestPlainWs();
    const a = connect('u1').socket;
    const b = connect('u1').socket;
    for (let i = 0; i < 8; i++) a.receive(frame('typing', { is_typing: i % 2 === 0 }));
    a.receive(frame('ping'));
    await nth(a, 'pong');
    expect(b.of('typing').map((f) => f.data)).toEqual([
      { is_typing: true, actor: 'user' },
      { is_typing: false, actor: 'user' },
      { is_typing: true, actor: 'user' },
      { is_typing: false, actor: 'user' },
      { is_typing: true, actor: 'user' },
    ]);
    expect(a.of('typing')).toEqual([]);
    expect(a.of('error')).toEqual([]);
  });

  it('stops the user’s answer on stop_generation, from any of their connections', async () => {
    const { connect, engine } = newTestPlainWs();
    let release!: () => void;
    engine.hold = new Promise((r) => (release = r));
    const a = connect('u1').socket;
    const b = connect('u1').socket;
    a.receive(frame('send_message', { message: 'hola' }));
    await nth(b, 'message_chunk');
    b.receive(frame('stop_generation', {}));
    await until(() => engine.requests[0]?.signal.aborted, 'the answer to be aborted');
    release();
    const [message] = await nth(a, 'message');
    expect(message.data).toMatchObject({ finish_reason: 'stopped', response: 'Hola, ' });
    expect(b.of('error')).toEqual([]);
  });

  it('refuses stop_generation beyond the burst with rate_limited', async () => {
    const { connect } = newTestPlainWs();
    const { socket } = connect();
    for (let i = 0; i < 4; i++) socket.receive(frame('stop_generation', {}));
    const [error] = await nth(socket, 'error');
    expect(error.data).toEqual({
      code: 'rate_limited',
      message: expect.any(String),
      retry_after: 1,
    });
    socket.receive(frame('ping'));
    await nth(socket, 'pong');
    expect(socket.of('error')).toHaveLength(1);
  });
});
