import Redis, { Command, RedisOptions } from 'ioredis';

/**
 * An ioredis client that never turns a command nobody awaits into an unhandled rejection.
 *
 * Some commands are sent and dropped: the Socket.IO streams adapter's SUBSCRIBE and session SET,
 * and ioredis' own re-SUBSCRIBE and SELECT after a reconnect. While Redis is unreachable they
 * wait in the client's queue and are rejected when it is flushed ("Connection is closed." at
 * close, MaxRetriesPerRequestError on reconnect, "Command timed out"). With nobody handling
 * them, each one becomes an unhandled rejection: noise in production logs, and a failed test in
 * Jest (which blames whichever test made the client, often long after). Whether it happens
 * depends on timing: closing a client while it is connecting flushes its queue, closing it
 * between reconnect attempts does not.
 *
 * So every command gets a no-op handler on its promise. A caller that awaits a command still
 * gets its error (handlers do not consume a rejection), and every place that uses Redis already
 * fails open on its own errors. `duplicate()` returns the same kind of client, so the copies the
 * app and its libraries make (the adapter's XREAD and SUBSCRIBE connections, the erasure
 * subscriber) are covered too.
 */
export class HandledRedis extends Redis {
  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const result = super.sendCommand(command, stream);
    command.promise.catch(() => undefined);
    return result;
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new HandledRedis({ ...this.options, ...override });
  }
}
