import request from 'supertest';
import { TYPING_LIMIT } from '../../src/modules/realtime/event-throttle';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, connectWs, until } from '../support/sockets';

const FLOOD = 60;

/**
 * Only send_message had a budget on the sockets: get_history ignored the REST history budget,
 * and typing / stop_generation could be looped to flood the shared Redis stream.
 */
describe('limits on socket events other than send_message', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp(testConfig({ RATE_LIMIT_HISTORY_PER_MIN: '3' }));
  });
  afterAll(() => t.close());

  it('get_history on Socket.IO shares the REST history budget', async () => {
    const user = 'hist-io';
    await request(t.url)
      .get(`/api/chat/history/${user}`)
      .set({ Authorization: `Bearer ${tokenFor(user)}` })
      .expect(200);
    const s = connectIo(t.url, tokenFor(user));
    await connected(s);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await s.emitWithAck('get_history', {}));
    expect(answers.slice(0, 2).every((a) => a.error === undefined)).toBe(true);
    expect(answers[2]).toMatchObject({ error: { code: 'rate_limited' } });
    expect(answers[3]).toMatchObject({ error: { code: 'rate_limited' } });
    await request(t.url)
      .get(`/api/chat/history/${user}`)
      .set({ Authorization: `Bearer ${tokenFor(user)}` })
      .expect(429);
    s.disconnect();
  });

  it('get_history on the plain WebSocket shares it too', async () => {
    const user = 'hist-ws';
    const { ws, frames } = await connectWs(t.url, `/ws/chat/${user}?token=${tokenFor(user)}`);
    for (let i = 0; i < 5; i++) ws.send(JSON.stringify({ type: 'get_history', data: {} }));
    await until(
      () => frames.filter((f) => f.type === 'history' || f.type === 'error').length === 5,
    );
    expect(frames.filter((f) => f.type === 'history')).toHaveLength(3);
    const errors = frames.filter((f) => f.type === 'error');
    expect(errors.map((f) => f.data.code)).toEqual(['rate_limited', 'rate_limited']);
    ws.close();
  });

  it('relays at most a burst of a typing flood from one Socket.IO socket', async () => {
    const user = 'typing-io';
    const a = connectIo(t.url, tokenFor(user));
    const b = connectIo(t.url, tokenFor(user));
    await Promise.all([connected(a), connected(b)]);
    for (let i = 0; i < FLOOD; i++) a.emit('typing', { is_typing: i % 2 === 0 });
    await new Promise((r) => setTimeout(r, 500));
    const relayed = b.events.filter((e) => e.event === 'typing').length;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(TYPING_LIMIT.burst + 1);
    a.disconnect();
    b.disconnect();
  });

  it('relays at most a burst of a typing flood from one plain WebSocket', async () => {
    const user = 'typing-ws';
    const b = connectIo(t.url, tokenFor(user));
    await connected(b);
    const { ws } = await connectWs(t.url, `/ws/chat/${user}?token=${tokenFor(user)}`);
    for (let i = 0; i < FLOOD; i++) {
      ws.send(JSON.stringify({ type: 'typing', data: { is_typing: true } }));
    }
    await new Promise((r) => setTimeout(r, 500));
    const relayed = b.events.filter((e) => e.event === 'typing').length;
    expect(relayed).toBeGreaterThanOrEqual(1);
    expect(relayed).toBeLessThanOrEqual(TYPING_LIMIT.burst + 1);
    ws.close();
    b.disconnect();
  });

  it('refuses a stop_generation flood with rate_limited', async () => {
    const user = 'stop-flood';
    const s = connectIo(t.url, tokenFor(user));
    await connected(s);
    for (let i = 0; i < FLOOD; i++) s.emit('stop_generation', {});
    await until(() => s.events.filter((e) => e.event === 'error').length > 0, 3000, 'errors');
    await new Promise((r) => setTimeout(r, 300));
    const refused = s.events.filter((e) => e.event === 'error' && e.data.code === 'rate_limited');
    expect(refused.length).toBeGreaterThanOrEqual(FLOOD - 10);
    // A throttled stop still answers its ack (nothing stopped), so an awaiting client is not hung.
    for (let i = 0; i < FLOOD; i++) s.emit('stop_generation', {});
    expect(await s.timeout(2000).emitWithAck('stop_generation', {})).toEqual({ stopped: false });
    s.disconnect();

    const { ws, frames } = await connectWs(t.url, `/ws/chat/${user}?token=${tokenFor(user)}`);
    for (let i = 0; i < FLOOD; i++) ws.send(JSON.stringify({ type: 'stop_generation', data: {} }));
    await until(
      () => frames.filter((f) => f.type === 'error').length >= FLOOD - 10,
      3000,
      'errors',
    );
    ws.close();
  });
});
