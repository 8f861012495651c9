import type { Namespace } from 'socket.io';
import { isRecoveryOffset } from './local-first';

/** The parts of a Socket.IO adapter (socket.io-adapter 2.5) this guard wraps. */
interface SessionAdapter {
  nsp: Namespace;
  restoreSession(pid: string, offset: string): Promise<RestoredSession | null>;
  apply(opts: unknown, callback: (socket: { id: string }) => void): void;
  _encode(packet: { data?: unknown[] }, packetOpts: unknown): unknown;
}

interface RestoredSession {
  sid: string;
  missedPackets: unknown[][];
}

interface HeldBroadcast {
  opts: unknown;
  callback: (socket: { id: string }) => void;
  offset: string;
}

/** How long a restored socket remembers the offsets it was replayed (late duplicates). */
const REPLAYED_MEMORY_MS = 10_000;
/** A restored socket that never finishes connecting stops holding broadcasts after this. */
const MAX_HOLD_MS = 2_000;

function offsetOf(data: unknown[] | undefined): string | undefined {
  const last = data?.[data.length - 1];
  return isRecoveryOffset(last) ? last : undefined;
}

/**
 * Closes a gap in session recovery with a stream-based adapter. Restoring a session reads the
 * missed packets from Redis asynchronously, and the restored socket only joins its rooms and the
 * namespace afterwards; a broadcast delivered locally in between reached neither the replay nor
 * the socket, and the client silently missed it. While any session is being restored, this
 * holds recoverable broadcasts (those carrying a stream offset) and delivers them, in order,
 * once the restored socket is connected, skipping the ones its replay already contained.
 */
export function holdBroadcastsWhileRestoring<A extends object>(adapter: A): A {
  const target = adapter as unknown as SessionAdapter;
  const restore = target.restoreSession.bind(target);
  const apply = target.apply.bind(target);
  const encode = target._encode.bind(target);
  const held: HeldBroadcast[] = [];
  /** Offsets already replayed to each restored socket id. */
  const replayed = new Map<string, Set<string>>();
  let restoring = 0;
  let encoding: { data?: unknown[] } | undefined;

  const deliver = (opts: unknown, callback: HeldBroadcast['callback'], offset: string) =>
    apply(opts, (socket) => {
      if (!replayed.get(socket.id)?.has(offset)) callback(socket);
    });

  const release = (sid: string | null) => {
    const deadline = Date.now() + MAX_HOLD_MS;
    const pending = (target.nsp as unknown as { _preConnectSockets?: Map<string, unknown> })
      ._preConnectSockets;
    const check = () => {
      // Still running its middlewares: not yet reachable by a broadcast.
      if (sid && pending?.has(sid) && Date.now() < deadline) return void setImmediate(check);
      restoring -= 1;
      if (restoring > 0) return;
      for (const h of held.splice(0)) deliver(h.opts, h.callback, h.offset);
    };
    setImmediate(check);
  };

  // Every broadcast encodes its packet and then applies it, synchronously, in this order.
  target._encode = (packet, packetOpts) => {
    encoding = packet;
    return encode(packet, packetOpts);
  };
  target.apply = (opts, callback) => {
    const packet = encoding;
    encoding = undefined;
    const offset = offsetOf(packet?.data);
    if (offset === undefined) return apply(opts, callback);
    if (restoring > 0) {
      held.push({ opts, callback, offset });
      return;
    }
    if (replayed.size > 0) return deliver(opts, callback, offset);
    return apply(opts, callback);
  };
  target.restoreSession = async (pid, offset) => {
    restoring += 1;
    let session: RestoredSession | null;
    try {
      session = await restore(pid, offset);
    } catch (err) {
      release(null);
      throw err;
    }
    if (!session) {
      release(null);
      return session;
    }
    const sid = session.sid;
    const offsets = new Set<string>();
    for (const data of session.missedPackets) {
      const o = offsetOf(data);
      if (o) offsets.add(o);
    }
    replayed.set(sid, offsets);
    setTimeout(() => replayed.delete(sid), REPLAYED_MEMORY_MS).unref();
    release(sid);
    return session;
  };
  return adapter;
}
