import { Logger, UseFilters } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth/auth-user';
import { bearerToken, JwtVerifier } from '../../common/auth/jwt-verifier.service';
import type { SendAck, ServerEvents } from './realtime.events';
import { RealtimeHub, userRoom } from './realtime.hub';
import { errorEvent, Origin, RealtimeService } from './realtime.service';
import { SocketExceptionFilter } from './socket-exception.filter';

interface SocketData {
  user?: AuthUser;
  expiry?: NodeJS.Timeout;
}
type ChatSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

function tokenOf(socket: Socket): string | null {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string') return auth.token;
  const q = socket.handshake.query.token;
  if (typeof q === 'string') return q;
  return bearerToken(socket.handshake.headers.authorization);
}

/** Socket.IO door (namespace /chat): translates events into RealtimeService calls. */
@UseFilters(SocketExceptionFilter)
@WebSocketGateway({ namespace: '/chat' })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('ChatGateway');

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly realtime: RealtimeService,
    private readonly hub: RealtimeHub,
  ) {}

  afterInit(ns: Namespace): void {
    this.hub.attachNamespace(ns);
    // Guards do not run on connection: authenticate every handshake (recoveries included) here.
    ns.use((socket, next) => {
      this.verifier
        .verify(tokenOf(socket))
        .then((user) => {
          (socket as ChatSocket).data.user = user;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
  }

  handleConnection(socket: ChatSocket): void {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    void socket.join(userRoom(user.id));
    const ms = user.expiresAt * 1000 - Date.now();
    socket.data.expiry = setTimeout(
      () => {
        socket.emit('error', {
          code: 'unauthorized',
          message: 'La sesión expiró: volvé a conectarte con un token nuevo.',
        });
        socket.disconnect(true);
      },
      Math.max(0, Math.min(ms, 2 ** 31 - 1)),
    );
    socket.data.expiry.unref();
    socket.emit('connection_established', {
      user_id: user.id,
      session_id: socket.id,
      server_time: new Date().toISOString(),
    } satisfies ServerEvents['connection_established']);
    this.logger.debug(
      { user_id: user.id, socket_id: socket.id, recovered: socket.recovered },
      'socket connected',
    );
  }

  handleDisconnect(socket: ChatSocket): void {
    if (socket.data.expiry) clearTimeout(socket.data.expiry);
  }

  private origin(socket: ChatSocket): Origin {
    return {
      door: 'socketio',
      self: socket.id,
      emitError: (e) => socket.emit('error', e),
      emitMessage: (m) => socket.emit('message', m),
    };
  }

  private user(socket: ChatSocket): AuthUser {
    return socket.data.user!;
  }

  @SubscribeMessage('send_message')
  onSendMessage(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() data: unknown,
    @Ack() ack?: (a: SendAck) => void,
  ): void {
    void this.realtime.sendMessage(
      this.user(socket),
      data,
      this.origin(socket),
      typeof ack === 'function' ? ack : undefined,
    );
  }

  @SubscribeMessage('typing')
  onTyping(@ConnectedSocket() socket: ChatSocket, @MessageBody() data: unknown): void {
    this.realtime.typing(this.user(socket), data, this.origin(socket));
  }

  @SubscribeMessage('stop_generation')
  onStop(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() data: unknown,
    @Ack() ack?: (a: unknown) => void,
  ): void {
    const result = this.realtime.stop(this.user(socket), data);
    if (typeof ack === 'function') ack(result);
  }

  @SubscribeMessage('get_history')
  async onGetHistory(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() data: unknown,
    @Ack() ack?: (a: unknown) => void,
  ): Promise<void> {
    try {
      const result = await this.realtime.history(this.user(socket), data);
      if (typeof ack === 'function') ack(result);
      else socket.emit('history', result);
    } catch (err) {
      const event = errorEvent(err);
      if (typeof ack === 'function') ack({ messages: [], error: event });
      socket.emit('error', event);
    }
  }
}
