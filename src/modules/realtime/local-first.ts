import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/** The parts of the Redis streams adapter (a socket.io-adapter 2.5 ClusterAdapter) this wraps. */
interface StreamsAdapter {
  nsp: { server: { opts: { connectionStateRecovery?: unknown } } };
  broadcast(packet: Packet, opts: BroadcastOpts): unknown;
  publishAndReturnOffset(message: { type: number; data: unknown }): Promise<string>;
  encode(message: { type: number; data?: unknown }): Record<string, string>;
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOpts, offset: string): void;
  restoreSession(pid: string, offset: string): Promise<{ missedPackets: unknown[][] } | null>;
}

interface Packet {
  type: number;
  id?: number;
  data: unknown[];
}

interface BroadcastOpts {
  rooms: Set<string>;
  except: Set<string>;
  flags?: { local?: boolean; volatile?: boolean; [flag: string]: unknown };
}

/** socket.io-adapter's MessageType.BROADCAST and socket.io-parser's EVENT. */
const BROADCAST = 3;
const EVENT = 2;

/** The stream entry field that names the offset handed to clients before the entry existed. */
const OFFSET_FIELD = 'offset';
/** How far past its anchor an offset's entry is looked for (the stream holds ~10,000). */
const SCAN_PAGE = 1000;
const SCAN_PAGES = 20;
/** Another instance's write may still be on its way when its client reconnects here. */
const SCAN_RETRY_MS = 250;

/** `<stream id known before the write>:<writer>:<sequence>`. */
const LOCAL_OFFSET = /^(\d+-\d+):[0-9a-f]+:[0-9a-z]+$/;
const STREAM_ID = /^\d+-\d+$/;

/** An offset a recoverable broadcast carries: a stream entry id, or one of this module's. */
export function isRecoveryOffset(value: unknown): value is string {
  return typeof value === 'string' && (STREAM_ID.test(value) || LOCAL_OFFSET.test(value));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LocalFirstOptions {
  /** The client the adapter writes with, and its stream. */
  redis: Redis;
  streamName: string;
}

/**
 * Delivers broadcasts to this instance's sockets at once, instead of after the write to the Redis
 * stream (socket.io-adapter's ClusterAdapter awaits the XADD to learn the entry's id, the offset
 * connection-state recovery appends to the packet): a streamed chunk no longer waits for a Redis
 * round trip to reach a client connected to the instance generating it. The write is still
 * issued first, in order, so the other instances read every event from the stream as before (and
 * this one skips its own entries there, as before: nothing arrives twice).
 *
 * The catch is the offset, unknown when the packet leaves. Sending no offset would break
 * recovery (the client resumes from the last offset it received: it would be replayed the
 * chunks it already has, or not recover at all). So the packet carries an offset made here,
 * `<anchor>:<writer>:<sequence>`, also stored in the entry (in the packet and as a field): the
 * anchor is a stream id known before the write, so the entry is found by reading forward from it.
 * Every instance delivers such an entry with that offset rather than its id, and the missed
 * packets replayed on recovery carry it too, so a client sees one offset per event wherever it
 * connects, and the recovery guard's de-duplication compares like with like.
 */
export function deliverLocallyFirst<A extends object>(adapter: A, opts: LocalFirstOptions): A {
  const target = adapter as unknown as StreamsAdapter;
  const broadcast = target.broadcast.bind(target);
  const encode = target.encode.bind(target);
  const addOffset = target.addOffsetIfNecessary.bind(target);
  const restore = target.restoreSession.bind(target);
  const writer = randomBytes(5).toString('hex');
  let sequence = 0;
  /** The latest stream id seen: every entry written from now on comes after it. */
  let anchor = '0-0';

  const recoverable = (packet: Packet, o: BroadcastOpts) =>
    Boolean(target.nsp.server.opts.connectionStateRecovery) &&
    packet.type === EVENT &&
    packet.id === undefined &&
    o.flags?.volatile === undefined;
  const lastOf = (data: unknown[] | undefined) => data?.[data.length - 1];

  target.broadcast = (packet, o) => {
    if (o.flags?.local) return broadcast(packet, o);
    if (recoverable(packet, o))
      packet.data.push(`${anchor}:${writer}:${(sequence++).toString(36)}`);
    // Serialised and queued on the Redis connection now, so the stream keeps the call order.
    target
      .publishAndReturnOffset({
        type: BROADCAST,
        data: { packet, opts: { rooms: [...o.rooms], except: [...o.except], flags: o.flags } },
      })
      .then(
        (id) => void (anchor = id),
        // As the adapter does: local delivery does not depend on the write. With Redis down the
        // write waits in the client's queue and reaches the stream when Redis is back.
        () => undefined,
      );
    return broadcast(packet, { ...o, flags: { ...o.flags, local: true } });
  };

  target.encode = (message) => {
    const raw = encode(message);
    const data = message.data as { packet?: Packet } | undefined;
    const offset = message.type === BROADCAST ? lastOf(data?.packet?.data) : undefined;
    if (typeof offset === 'string' && LOCAL_OFFSET.test(offset)) raw[OFFSET_FIELD] = offset;
    return raw;
  };

  // An entry from another instance: it already ends with its offset; the id only moves the anchor.
  target.addOffsetIfNecessary = (packet, o, offset) => {
    if (STREAM_ID.test(offset)) anchor = offset;
    const last = lastOf(packet.data);
    if (typeof last === 'string' && LOCAL_OFFSET.test(last)) return;
    addOffset(packet, o, offset);
  };

  /** The id of the entry written with this offset, if it is in the stream. */
  const entryOf = async (offset: string): Promise<string | null> => {
    let start = LOCAL_OFFSET.exec(offset)?.[1];
    for (let page = 0; start !== undefined && page < SCAN_PAGES; page++) {
      const entries = await opts.redis.xrange(opts.streamName, start, '+', 'COUNT', SCAN_PAGE);
      for (const [id, fields] of entries) {
        for (let i = 0; i < fields.length - 1; i += 2)
          if (fields[i] === OFFSET_FIELD && fields[i + 1] === offset) return id;
      }
      if (entries.length < SCAN_PAGE) return null;
      start = `(${entries[entries.length - 1][0]}`;
    }
    return null;
  };

  target.restoreSession = async (pid, offset) => {
    let from = offset;
    if (LOCAL_OFFSET.test(offset)) {
      const id =
        (await entryOf(offset)) ?? (await sleep(SCAN_RETRY_MS).then(() => entryOf(offset)));
      if (!id) throw new Error('offset not found');
      from = id;
    }
    const session = await restore(pid, from);
    // The adapter appends each entry's id; entries that carry their own offset keep that one.
    for (const data of session?.missedPackets ?? []) {
      const before = data[data.length - 2];
      if (typeof before === 'string' && LOCAL_OFFSET.test(before)) data.pop();
    }
    return session;
  };

  return adapter;
}
