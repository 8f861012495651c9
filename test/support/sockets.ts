import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';

/** A Socket.IO client of the /chat namespace that records every event it receives. */
export function connectIo(
  url: string,
  token: string | undefined,
  opts: Record<string, unknown> = {},
): Socket & { events: { event: string; data: any }[] } {
  const socket = io(`${url}/chat`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...opts,
  }) as Socket & { events: { event: string; data: any }[] };
  socket.events = [];
  socket.onAny((event: string, data: unknown) => socket.events.push({ event, data }));
  return socket;
}

export function waitFor<T = any>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    socket.once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

export async function connected(socket: Socket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
}

export function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export interface Frame {
  type: string;
  data: any;
  timestamp: string;
}

/** A plain WebSocket client, as the seed's browser and Python clients use. */
export function connectWs(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + path, { headers });
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Frame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('error', reject);
  });
}
