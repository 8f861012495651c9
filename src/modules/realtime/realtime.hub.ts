import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { WebSocket } from 'ws';
import type { ServerEventName, ServerEvents } from './realtime.events';

export const userRoom = (userId: string): string => `user:${userId}`;

/**
 * Delivers events to every connection of a user, whichever door it came through: the user's
 * Socket.IO room and their plain WebSocket connections.
 */
@Injectable()
export class RealtimeHub {
  private io: Namespace | null = null;
  private readonly plain = new Map<string, Set<WebSocket>>();
  private readonly ioCounts = new Map<string, number>();

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
    for (const ws of this.plain.get(userId) ?? []) {
      if (ws !== except && ws.readyState === ws.OPEN) ws.send(frame);
    }
  }
}

/** The plain WebSocket's frame: `{ type, data, timestamp }`. */
export function serializeFrame(type: string, data: unknown): string {
  return JSON.stringify({ type, data, timestamp: new Date().toISOString() });
}
