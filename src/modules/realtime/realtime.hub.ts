import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { Namespace } from 'socket.io';
import type { WebSocket } from 'ws';
import type { ServerEventName, ServerEvents } from './realtime.events';

export const userRoom = (userId: string): string => `user:${userId}`;

/** Server-to-server events between instances (through the Socket.IO Redis adapter). */
const PLAIN_FRAME = 'chat:plain-frame';
const STOP_REQUEST = 'chat:stop';

type StopHandler = (userId: string, messageId?: string) => string | null;

/**
 * Delivers events to every connection of a user, whichever door it came through: the user's
 * Socket.IO room and their plain WebSocket connections.
 */
@Injectable()
export class RealtimeHub {
  private readonly logger = new Logger('RealtimeHub');
  private io: Namespace | null = null;
  private readonly plain = new Map<string, Set<WebSocket>>();
  private readonly ioCounts = new Map<string, number>();
  private stopHandler: StopHandler = () => null;
  /** With Redis, several instances share users: events and stops cross between them. */
  readonly distributed: boolean;

  constructor(config: AppConfig) {
    this.distributed = config.redis !== null;
  }

  /** What to do when another instance asks to stop a user's answer. */
  onStopRequest(handler: StopHandler): void {
    this.stopHandler = handler;
  }

  /** Socket.IO connections of a user on this instance (the plain ones are in `plain`). */
  countIo(userId: string, delta: 1 | -1): void {
    const n = (this.ioCounts.get(userId) ?? 0) + delta;
    if (n <= 0) this.ioCounts.delete(userId);
    else this.ioCounts.set(userId, n);
  }

  /** Open connections of a user on this instance, both doors. */
  connections(userId: string): number {
    return (this.ioCounts.get(userId) ?? 0) + (this.plain.get(userId)?.size ?? 0);
  }

  attachNamespace(ns: Namespace): void {
    this.io = ns;
    if (!this.distributed) return;
    ns.on(PLAIN_FRAME, (m: { userId: string; frame: string }) =>
      this.deliverPlain(m.userId, m.frame),
    );
    ns.on(
      STOP_REQUEST,
      (m: { userId: string; messageId?: string }, ack?: (id: string | null) => void) => {
        const stopped = this.stopHandler(m.userId, m.messageId);
        if (typeof ack === 'function') ack(stopped);
      },
    );
  }

  /** Asks the other instances to stop the user's answer; resolves with the stopped id or null. */
  requestRemoteStop(userId: string, messageId?: string): Promise<string | null> {
    const io = this.io;
    if (!this.distributed || !io) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 1500);
      io.serverSideEmit(
        STOP_REQUEST,
        { userId, messageId },
        (err: Error | null, replies: unknown[]) => {
          clearTimeout(timer);
          if (err && !replies)
            this.logger.warn(`stop request across instances failed: ${err.message}`);
          const hit = (replies ?? []).find((r): r is string => typeof r === 'string');
          resolve(hit ?? null);
        },
      );
    });
  }

  private deliverPlain(userId: string, frame: string, except?: WebSocket): void {
    for (const ws of this.plain.get(userId) ?? []) {
      if (ws !== except && ws.readyState === ws.OPEN) ws.send(frame);
    }
  }

  addPlain(userId: string, ws: WebSocket): void {
    let set = this.plain.get(userId);
    if (!set) this.plain.set(userId, (set = new Set()));
    set.add(ws);
  }

  removePlain(userId: string, ws: WebSocket): void {
    const set = this.plain.get(userId);
    set?.delete(ws);
    if (set?.size === 0) this.plain.delete(userId);
  }

  /** Disconnects this instance's Socket.IO clients (they reconnect to another instance). */
  disconnectAll(): void {
    this.io?.local.disconnectSockets(true);
  }

  plainConnections(): number {
    let n = 0;
    for (const s of this.plain.values()) n += s.size;
    return n;
  }

  allPlain(): WebSocket[] {
    return [...this.plain.values()].flatMap((s) => [...s]);
  }

  /**
   * Sends to all of the user's connections. `except` skips the connection an event came from
   * (a Socket.IO socket id, or a WebSocket).
   */
  emitToUser<E extends ServerEventName>(
    userId: string,
    event: E,
    data: ServerEvents[E],
    except?: string | WebSocket,
  ): void {
    if (this.io) {
      const room = this.io.to(userRoom(userId));
      (typeof except === 'string' ? room.except(except) : room).emit(event, data);
    }
    const frame = serializeFrame(event, data);
    this.deliverPlain(userId, frame, typeof except === 'string' ? undefined : except);
    // Plain WebSockets are not in Socket.IO rooms: other instances deliver to theirs.
    if (this.distributed && this.io) this.io.serverSideEmit(PLAIN_FRAME, { userId, frame });
  }
}

/** The plain WebSocket's frame: `{ type, data, timestamp }`. */
export function serializeFrame(type: string, data: unknown): string {
  return JSON.stringify({ type, data, timestamp: new Date().toISOString() });
}
