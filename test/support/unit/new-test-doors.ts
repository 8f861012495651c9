import { EventEmitter } from 'node:events';
import type { Namespace, Socket } from 'socket.io';
import type { RawData, WebSocket } from 'ws';
import type { AuthUser } from '../../../src/common/auth/auth-user';
import type { JwtVerifier } from '../../../src/common/auth/jwt-verifier.service';
import type { AdmissionService } from '../../../src/modules/admission/admission.service';
import type { FeedbackSocketHandler } from '../../../src/modules/feedback/feedback.socket';
import { ChatGateway } from '../../../src/modules/realtime/chat.gateway';
import { PlainWsServer } from '../../../src/modules/realtime/plain-ws.server';
import { RealtimeHub } from '../../../src/modules/realtime/realtime.hub';
import { Origin, RealtimeService } from '../../../src/modules/realtime/realtime.service';
import type { SocketSlot, SocketSlots } from '../../../src/modules/realtime/socket-slots';
import { newTestChatService, testUser } from './new-test-chat-service';

/** One event sent through the hub to a Socket.IO room, or an ack a test recorded beside them. */
export interface Sent {
  to: string;
  /** The socket id the room emit skipped. */
  except?: string;
  event: string;
  data: any;
}

/**
 * A Socket.IO namespace that records what is sent to rooms (into `log`), and keeps the
 * middlewares a gateway registers and the handlers of server-to-server events.
 */
export function fakeNamespace(log: Sent[] = []) {
  const handlers = new Map<string, (...args: any[]) => void>();
  const middlewares: ((socket: Socket, next: (err?: Error) => void) => void)[] = [];
  const room = (to: string, except?: string) => ({
    emit: (event: string, data: unknown) => {
      log.push({ to, ...(except !== undefined ? { except } : {}), event, data });
      return true;
    },
  });
  const ns = {
    use: (fn: (typeof middlewares)[number]) => middlewares.push(fn),
    on: (event: string, fn: (...args: any[]) => void) => {
      handlers.set(event, fn);
      return ns;
    },
    serverSideEmit: () => true,
    to: (to: string) => ({ ...room(to), except: (id: string) => room(to, id) }),
    local: { disconnectSockets: () => undefined },
  };
  return { ns: ns as unknown as Namespace, log, middlewares, handlers };
}

export interface Frame {
  type: string;
  data: any;
  timestamp: string;
}

/**
 * An open plain WebSocket as the server sees it: it records the frames sent to it, and a test
 * delivers client frames with `receive`.
 */
export class FakePlainSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  readonly frames: Frame[] = [];
  closed: { code?: number; reason?: string } | null = null;

  send(frame: string): void {
    this.frames.push(JSON.parse(frame) as Frame);
  }

  close(code?: number, reason?: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    this.readyState = this.CLOSED;
    this.emit('close', code, reason);
  }

  ping(): void {}

  terminate(): void {
    this.close(1006);
  }

  /** A client frame, as `ws` hands it to the server's `message` listener. */
  receive(raw: RawData | string, isBinary = false): void {
    this.emit('message', typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw, isBinary);
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  get ws(): WebSocket {
    return this as unknown as WebSocket;
  }
}

/** Waits (a few event-loop turns at a time) until `check` holds; fails after `ms`. */
export async function until(check: () => boolean, what = 'the condition', ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Lets the promises and callbacks already queued run. */
export const settle = () => new Promise((r) => setTimeout(r, 5));

/** A socket door's origin that records what is sent to that connection alone. */
export function recordingOrigin(
  self: string | WebSocket = 'sock-1',
  transport: Origin['transport'] = 'socketio',
) {
  const errors: any[] = [];
  const messages: any[] = [];
  const origin: Origin = {
    transport,
    self,
    emitError: (e) => errors.push(e),
    emitMessage: (m) => messages.push(m),
  };
  return { origin, errors, messages };
}

/**
 * The shared translation of both socket doors (`RealtimeService`) over the real chat core with
 * in-memory adapters (`newTestChatService`), and a real `RealtimeHub` (no Redis) whose Socket.IO
 * room emits land in `log`. Plain WebSockets join with `hub.addPlain`.
 */
export function newTestDoors(env: Record<string, string> = {}) {
  const core = newTestChatService(env);
  const hub = new RealtimeHub(core.config);
  const io = fakeNamespace();
  hub.attachNamespace(io.ns);
  const realtime = new RealtimeService(core.chat, core.memory, hub, core.admission);
  return { ...core, hub, io, log: io.log, realtime };
}

/** A connection slot that counts its releases. */
export function countingSlot(userId: string) {
  const slot = {
    userId,
    releases: 0,
    release() {
      slot.releases += 1;
    },
  };
  return slot satisfies SocketSlot;
}

/** A token verifier for tests: the token is the user's id; "bad" is refused. */
export const fakeVerifier = {
  verify(token: string | null): AuthUser {
    if (!token || token === 'bad') throw new Error('unauthorized');
    return testUser(token);
  },
} as unknown as JwtVerifier;

/**
 * The plain WebSocket door over the doors above. `connect` hands a fake socket to the server as
 * an accepted, authenticated connection (past the upgrade, which needs a real HTTP server).
 */
export function newTestPlainWs(env: Record<string, string> = {}) {
  const doors = newTestDoors(env);
  const server = new PlainWsServer(
    null as never, // HttpAdapterHost: only the upgrade path reads it
    fakeVerifier,
    doors.realtime,
    doors.hub,
    null as unknown as AdmissionService, // only the upgrade path reads it
    doors.config,
    doors.metrics,
    null as unknown as SocketSlots, // only the upgrade path reads it
  );
  type Accept = {
    accept(ws: WebSocket, admission: { kind: 'ok'; user: AuthUser; slot: SocketSlot }): void;
  };
  const connect = (userId = 'u1') => {
    const socket = new FakePlainSocket();
    const slot = countingSlot(userId);
    (server as unknown as Accept).accept(socket.ws, { kind: 'ok', user: testUser(userId), slot });
    return { socket, slot };
  };
  return { ...doors, server, connect };
}

/** A Socket.IO socket as the gateway sees it: what is emitted to it alone, and its rooms. */
export class FakeIoSocket {
  readonly handshake: {
    auth: Record<string, unknown>;
    query: Record<string, unknown>;
    headers: Record<string, string>;
    address: string;
  };
  recovered = false;
  readonly conn = { readyState: 'open' };
  readonly emitted: { event: string; data: any }[] = [];
  readonly rooms: string[] = [];
  disconnected = false;

  constructor(
    readonly id: string,
    token: string,
  ) {
    this.handshake = { auth: { token }, query: {}, headers: {}, address: '127.0.0.1' };
  }

  emit(event: string, data: unknown): boolean {
    this.emitted.push({ event, data });
    return true;
  }

  join(room: string): void {
    this.rooms.push(room);
  }

  disconnect(): void {
    this.disconnected = true;
  }

  of(event: string): any[] {
    return this.emitted.filter((e) => e.event === event).map((e) => e.data);
  }

  get socket(): Socket {
    return this as unknown as Socket;
  }
}

/**
 * The Socket.IO gateway over the doors above, with fakes for the token verifier, the handshake
 * rate limit and the connection slots. `connect` runs the gateway's handshake middleware and
 * its connection handler, as Socket.IO would.
 */
export function newTestGateway(env: Record<string, string> = {}) {
  const core = newTestChatService(env);
  const hub = new RealtimeHub(core.config);
  const realtime = new RealtimeService(core.chat, core.memory, hub, core.admission);
  const limits = {
    consumeIp: () => Promise.resolve({ allowed: true, retryAfterS: 0 }),
  } as unknown as AdmissionService;
  const slots = {
    reserve: (userId: string) => countingSlot(userId),
    confirm: () => Promise.resolve(true),
  } as unknown as SocketSlots;
  const gateway = new ChatGateway(
    fakeVerifier,
    realtime,
    hub,
    limits,
    core.config,
    core.shutdown,
    core.metrics,
    {} as FeedbackSocketHandler,
    slots,
  );
  const io = fakeNamespace();
  gateway.afterInit(io.ns);
  let n = 0;
  const connect = async (userId = 'u1') => {
    const socket = new FakeIoSocket(`sock-${++n}`, userId);
    const err = await new Promise<Error | undefined>((resolve) => {
      for (const mw of io.middlewares) mw(socket.socket, resolve);
    });
    if (err) throw err;
    gateway.handleConnection(socket.socket as never);
    return socket;
  };
  return { ...core, hub, realtime, gateway, io, log: io.log, connect };
}
