import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { Namespace } from 'socket.io';
import type { WebSocket } from 'ws';
import type { ServerEventName, ServerEvents } from './realtime.events';

export const userRoom = (userId: string): string => `user:${userId}`;

/** Server-to-server events between instances (through the Socket.IO Redis adapter). */
const PLAIN_FRAME = 'chat:plain-frame';
const STOP_REQUEST = 'chat:stop';
/** "I hold plain WebSocket connections": sent when the first opens, then every few seconds. */
const PLAIN_PRESENCE = 'chat:plain-presence';
/** Sent by an instance that starts: the ones holding plain connections answer with presence. */
const PLAIN_QUERY = 'chat:plain-query';
export const PLAIN_PRESENCE_EVERY_MS = 5_000;
/** Relaying stops this long after the last presence heard (three missed announcements). */
const PLAIN_PRESENCE_TTL_MS = 3 * PLAIN_PRESENCE_EVERY_MS;

type StopHandler = (userId: string, messageId?: string) => string | null;

/**
 * Delivers events to every connection of a user, whichever door it came through: the user's
 * Socket.IO room and their plain WebSocket connections.
 */
@Injectable()
export class RealtimeHub implements OnModuleDestroy {
  private readonly logger = new Logger('RealtimeHub');
  private io: Namespace | null = null;
  private readonly plain = new Map<string, Set<WebSocket>>();
  private readonly ioCounts = new Map<string, number>();
  private stopHandler: StopHandler = () => null;
  /** With Redis, several instances share users: events and stops cross between them. */
  readonly distributed: boolean;
  /**
   * Until when another instance is known to hold plain WebSocket connections. Frames are relayed
   * to other instances only meanwhile: with Socket.IO clients alone, a chunk costs one Redis
   * write (the adapter's), not two.
   */
  private remotePlainUntil = 0;
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(config: AppConfig) {
    this.distributed = config.redis !== null;
  }

  onModuleDestroy(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
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
    ns.on(PLAIN_PRESENCE, () => {
      this.remotePlainUntil = Date.now() + PLAIN_PRESENCE_TTL_MS;
    });
    ns.on(PLAIN_QUERY, () => this.announcePlain());
    this.presenceTimer = setInterval(() => this.announcePlain(), PLAIN_PRESENCE_EVERY_MS);
    this.presenceTimer.unref();
    ns.serverSideEmit(PLAIN_QUERY);
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
    const first = this.plain.size === 0;
    let set = this.plain.get(userId);
    if (!set) this.plain.set(userId, (set = new Set()));
    set.add(ws);
    if (first) this.announcePlain();
  }

  /** Tells the other instances to relay frames here while this one has plain connections. */
  private announcePlain(): void {
    if (this.distributed && this.io && this.plain.size > 0) this.io.serverSideEmit(PLAIN_PRESENCE);
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
    const local = this.plain.has(userId);
    // Plain WebSockets are not in Socket.IO rooms: other instances deliver to theirs.
    const relay = this.distributed && this.io !== null && Date.now() < this.remotePlainUntil;
    if (!local && !relay) return;
    const frame = serializeFrame(event, data);
    if (local) this.deliverPlain(userId, frame, typeof except === 'string' ? undefined : except);
    if (relay) this.io?.serverSideEmit(PLAIN_FRAME, { userId, frame });
  }
}

/** The plain WebSocket's frame: `{ type, data, timestamp }`. */
export function serializeFrame(type: string, data: unknown): string {
  return JSON.stringify({ type, data, timestamp: new Date().toISOString() });
}
