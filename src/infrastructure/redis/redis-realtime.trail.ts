import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { RealtimeTrail } from '../../modules/user-data/erasure-ports';

/** The stream the Socket.IO adapter writes (the client's key prefix is added by ioredis). */
const STREAM = 'socket.io';
const BATCH = 500;

type Entry = [id: string, fields: string[]];

/** Whether a stream entry is an event for this user's room, or a frame relayed for them. */
function concernsUser(fields: string[], room: string, userId: string): boolean {
  const at = fields.indexOf('data');
  const raw = at >= 0 ? fields[at + 1] : undefined;
  if (!raw || !raw.startsWith('{')) return false;
  try {
    const data = JSON.parse(raw) as {
      opts?: { rooms?: unknown };
      packet?: unknown;
    };
    const rooms = data.opts?.rooms;
    if (Array.isArray(rooms) && rooms.includes(room)) return true;
    // Server-to-server events (plain WebSocket relays) name the user in their payload.
    return (
      Array.isArray(data.packet) && JSON.stringify(data.packet).includes(JSON.stringify(userId))
    );
  } catch {
    return false;
  }
}

/** The Socket.IO Redis stream: entries are read in batches and deleted by id. */
export class RedisRealtimeTrail extends RealtimeTrail {
  private readonly logger = new Logger('RedisRealtimeTrail');

  constructor(private readonly redis: Redis) {
    super();
  }

  async eraseUser(userId: string): Promise<number> {
    const room = `user:${userId}`;
    let start = '-';
    let erased = 0;
    for (;;) {
      const entries = (await this.redis.xrange(STREAM, start, '+', 'COUNT', BATCH)) as Entry[];
      const mine = entries.filter(([, fields]) => concernsUser(fields, room, userId));
      if (mine.length > 0) erased += await this.redis.xdel(STREAM, ...mine.map(([id]) => id));
      if (entries.length < BATCH) break;
      start = `(${entries[entries.length - 1][0]}`;
    }
    if (erased > 0) this.logger.log({ user_id: userId, erased }, 'erased realtime events');
    return erased;
  }

  async trimBefore(before: Date): Promise<void> {
    await this.redis.xtrim(STREAM, 'MINID', String(before.getTime()));
  }
}

/** Without Redis the Socket.IO adapter keeps nothing outside the process to erase. */
export class NoRealtimeTrail extends RealtimeTrail {
  eraseUser(): Promise<number> {
    return Promise.resolve(0);
  }
  trimBefore(): Promise<void> {
    return Promise.resolve();
  }
}
