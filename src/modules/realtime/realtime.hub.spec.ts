import type { Namespace } from 'socket.io';
import type { WebSocket } from 'ws';
import type { AppConfig } from '../../config/app-config';
import { PLAIN_PRESENCE_EVERY_MS, RealtimeHub } from './realtime.hub';

/** A namespace that records what the hub sends to other instances and to rooms. */
function fakeNamespace() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const sideEmits: { event: string; data: unknown }[] = [];
  const roomEmits: { room: string; event: string }[] = [];
  const ns = {
    on: (event: string, fn: (...args: unknown[]) => void) => handlers.set(event, fn),
    serverSideEmit: (event: string, data?: unknown) => sideEmits.push({ event, data }),
    to: (room: string) => ({
      emit: (event: string) => roomEmits.push({ room, event }),
      except: () => ({ emit: (event: string) => roomEmits.push({ room, event }) }),
    }),
  };
  return {
    ns: ns as unknown as Namespace,
    sideEmits,
    roomEmits,
    hear: (event: string) => handlers.get(event)?.(),
  };
}

const distributed = { redis: { url: 'redis://x', keyPrefix: '' } } as unknown as AppConfig;
const openSocket = () => {
  const sent: string[] = [];
  const ws = { OPEN: 1, readyState: 1, send: (f: string) => sent.push(f) };
  return { ws: ws as unknown as WebSocket, sent };
};
const frames = (emits: { event: string }[]) =>
  emits.filter((e) => e.event === 'chat:plain-frame').length;

describe('RealtimeHub across instances', () => {
  let hub: RealtimeHub;
  afterEach(() => {
    hub.onModuleDestroy();
    jest.useRealTimers();
  });

  it('asks the others who holds plain WebSockets when it starts', () => {
    hub = new RealtimeHub(distributed);
    const f = fakeNamespace();
    hub.attachNamespace(f.ns);
    expect(f.sideEmits.map((e) => e.event)).toEqual(['chat:plain-query']);
  });

  it('relays frames to other instances only while one of them announces plain connections', () => {
    jest.useFakeTimers();
    hub = new RealtimeHub(distributed);
    const f = fakeNamespace();
    hub.attachNamespace(f.ns);
    hub.emitToUser('u1', 'typing', { is_typing: true, actor: 'assistant' });
    expect(f.roomEmits).toHaveLength(1);
    expect(frames(f.sideEmits)).toBe(0);

    f.hear('chat:plain-presence');
    hub.emitToUser('u1', 'typing', { is_typing: true, actor: 'assistant' });
    expect(frames(f.sideEmits)).toBe(1);

    jest.advanceTimersByTime(3 * PLAIN_PRESENCE_EVERY_MS + 1);
    hub.emitToUser('u1', 'typing', { is_typing: true, actor: 'assistant' });
    expect(frames(f.sideEmits)).toBe(1);
  });

  it('announces its plain connections at once, when asked, and periodically', () => {
    jest.useFakeTimers();
    hub = new RealtimeHub(distributed);
    const f = fakeNamespace();
    hub.attachNamespace(f.ns);
    const presence = () => f.sideEmits.filter((e) => e.event === 'chat:plain-presence').length;
    f.hear('chat:plain-query');
    jest.advanceTimersByTime(PLAIN_PRESENCE_EVERY_MS);
    expect(presence()).toBe(0); // nothing to announce yet

    const { ws, sent } = openSocket();
    hub.addPlain('u1', ws);
    expect(presence()).toBe(1);
    f.hear('chat:plain-query');
    expect(presence()).toBe(2);
    jest.advanceTimersByTime(PLAIN_PRESENCE_EVERY_MS);
    expect(presence()).toBe(3);

    hub.emitToUser('u1', 'typing', { is_typing: true, actor: 'assistant' });
    expect(JSON.parse(sent[0])).toMatchObject({
      type: 'typing',
      data: { is_typing: true, actor: 'assistant' },
    });
    hub.removePlain('u1', ws);
    jest.advanceTimersByTime(PLAIN_PRESENCE_EVERY_MS);
    expect(presence()).toBe(3);
  });
});
