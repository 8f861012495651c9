import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { WatchedRedis } from '../../infrastructure/redis/redis-watchdog';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { originAllowed } from '../../common/http/origin';
import { AppConfig } from '../../config/app-config';
import { deliverLocallyFirst } from './local-first';
import { holdBroadcastsWhileRestoring } from './recovery-hold';

/** Socket.IO's default path, set explicitly: the plain WebSocket door leaves it to the engine. */
export const SOCKET_IO_PATH = '/socket.io';

/** Fits a 4,000-character message with its context; refuses megabyte payloads. */
export const SOCKET_MAX_PAYLOAD_BYTES = 100_000;
/** How long the adapter's XREAD blocks waiting for new events. */
const STREAM_BLOCK_MS = 5000;

/** A client that drops for up to this long gets the events it missed when it reconnects. */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** Socket.IO server options from the validated configuration. */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: SOCKET_IO_PATH,
      cors: { origin: this.config.corsOrigins, credentials: this.config.corsOrigins !== true },
      maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
      // Recovery still runs the auth middleware, so an expired token cannot resume a session.
      connectionStateRecovery: {
        maxDisconnectionDuration: RECOVERY_WINDOW_MS,
        skipMiddlewares: false,
      },
      // The plain WebSocket server answers (or refuses) every other upgrade itself.
      destroyUpgrade: false,
      allowRequest: (req, callback) =>
        callback(null, originAllowed(this.config.corsOrigins, req.headers.origin)),
    } satisfies Partial<ServerOptions>) as Server;
    if (this.config.redis) {
      // Rooms, server-side events and session recovery shared by every instance through Redis
      // streams (the pub/sub adapter cannot recover sessions).
      const prefix = this.config.redis.keyPrefix;
      const redis = new WatchedRedis(this.config.redis.url, STREAM_BLOCK_MS);
      this.redis = redis;
      const streamName = `${prefix}socket.io`;
      const streams = createAdapter(redis, {
        streamName,
        sessionKeyPrefix: `${prefix}socket.io:session:`,
        maxLen: 10_000,
        blockTimeInMs: STREAM_BLOCK_MS,
      });
      // Socket.IO calls this with `new`: a plain function returning the adapter object. Clients
      // on this instance get broadcasts without waiting for the stream write (local-first.ts).
      const adapterFor = function (this: unknown, nsp: Namespace) {
        return holdBroadcastsWhileRestoring(
          deliverLocallyFirst(streams(nsp), { redis, streamName }),
        );
      };
      server.adapter(adapterFor as unknown as Parameters<Server['adapter']>[0]);
    }
    return server;
  }

  private redis: WatchedRedis | null = null;
  private readonly logger = new Logger('ChatIoAdapter');

  /**
   * The same contract as Nest's binding (the handler's result, when not null, is the ack or an
   * `{ event, data }` to emit), with one listener per socket for all events instead of a chain of
   * RxJS subscriptions per event: an idle connection costs a fraction of the memory.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    if (handlers.length === 0) return;
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const handler = handlers.find((h) => h.message === event);
      if (handler) this.dispatch(socket, handler, args, transform);
    });
  }

  private dispatch(
    socket: Socket,
    { message, callback, isAckHandledManually }: MessageMappingProperties,
    args: unknown[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as {
      data: unknown;
      ack?: (response: unknown) => void;
    };
    transform(callback(data, ack)).subscribe({
      next: (response) => {
        if (response === null || response === undefined || !socket.connected) return;
        const out = response as { event?: string; data?: unknown };
        if (out.event) {
          socket.emit(out.event, out.data);
          return;
        }
        if (!isAckHandledManually && typeof ack === 'function') ack(response);
      },
      // The gateway's exception filter answers errors; this only keeps a stray one quiet.
      error: (err: unknown) =>
        this.logger.warn(
          `socket handler for "${String(message)}" failed: ${err instanceof Error ? err.message : 'error'}`,
        ),
    });
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    if (this.redis) {
      const client = this.redis;
      this.redis = null;
      await client.closeAll();
    }
  }
}
