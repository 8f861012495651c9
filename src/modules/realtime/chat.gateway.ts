import { Logger, OnModuleDestroy, UseFilters } from '@nestjs/common';
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
import { AppError } from '../../common/errors/app-error';
import { bearerToken, JwtVerifier } from '../../common/auth/jwt-verifier.service';
import { clientIp } from '../../common/rate-limit/client-ip';
import { AdmissionService } from '../admission/admission.service';
import { AppConfig } from '../../config/app-config';
import { FeedbackAck, FeedbackSocketHandler } from '../feedback/feedback.socket';
import { ShutdownState } from '../health/shutdown-state';
import { MetricsService } from '../metrics/metrics.service';
import type { SendAck, ServerEvents } from './realtime.events';
import { RealtimeHub, userRoom } from './realtime.hub';
import { errorEvent, Origin, RealtimeService } from './realtime.service';
import { SocketExceptionFilter } from './socket-exception.filter';
import { ExpiryWheel } from './expiry-wheel';
import { connectionThrottles, tooFast } from './event-throttle';
import { SocketSlot, SocketSlots } from './socket-slots';

/**
 * Kept out of `socket.data` on purpose: with the Redis adapter, socket.data is persisted for
 * session recovery, and neither a timer nor the user's token belongs in Redis.
 */
interface SocketState {
  user: AuthUser;
  /** The user's connection slot, held from the handshake until the socket goes. */
  slot?: SocketSlot;
  throttles: ReturnType<typeof connectionThrottles>;
  /** Counted as connected (and watched for expiry) once the connection completed. */
  connected?: boolean;
}
type ChatSocket = Socket<
  DefaultEventsMap,
  DefaultEventsMap,
  DefaultEventsMap,
  Record<string, never>
>;

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
export class ChatGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger('ChatGateway');
  private readonly state = new WeakMap<Socket, SocketState>();
  /** Ends each socket when its token expires (one timer for all of them). */
  private readonly expiry = new ExpiryWheel<ChatSocket>((socket) => this.expire(socket));

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly realtime: RealtimeService,
    private readonly hub: RealtimeHub,
    private readonly admission: AdmissionService,
    private readonly config: AppConfig,
    private readonly shutdown: ShutdownState,
    private readonly metrics: MetricsService,
    private readonly feedback: FeedbackSocketHandler,
    private readonly slots: SocketSlots,
  ) {}

  afterInit(ns: Namespace): void {
    this.hub.attachNamespace(ns);
    // Guards do not run on connection: authenticate every handshake (recoveries included) here.
    ns.use((socket, next) => this.admit(socket as ChatSocket, next));
  }

  /**
   * Handshake checks: the token, the per-user socket cap and, for new sessions, the per-IP
   * handshake rate. A recovered session is admitted synchronously: Socket.IO restores its missed
   * packets before the middlewares run and joins its rooms after them, so any wait here would
   * lose what the user's room receives meanwhile.
   */
  private admit(socket: ChatSocket, next: (err?: Error) => void): void {
    let user: AuthUser;
    try {
      user = this.verifier.verify(tokenOf(socket), { remember: false });
    } catch {
      next(new Error('unauthorized'));
      return;
    }
    const state: SocketState = { user, throttles: connectionThrottles() };
    this.state.set(socket, state);
    if (socket.recovered) {
      state.slot = this.slots.reserve(user.id, true) ?? undefined;
      if (state.slot) void this.slots.confirm(state.slot, true);
      next();
      return;
    }
    if (this.shutdown.shuttingDown) {
      next(new Error('shutting_down'));
      return;
    }
    // Taken before anything is awaited: concurrent handshakes cannot all pass the check.
    const slot = this.slots.reserve(user.id);
    if (!slot) {
      next(new Error('too_many_connections'));
      return;
    }
    const ip = clientIp(
      socket.handshake.headers['x-forwarded-for'],
      socket.handshake.address,
      this.config.trustProxy,
    );
    void Promise.all([
      this.admission.consumeIp('handshake', ip).catch(() => ({ allowed: true, retryAfterS: 0 })),
      this.slots.confirm(slot),
    ]).then(([d, confirmed]) => {
      if (!d.allowed) {
        slot.release();
        next(Object.assign(new Error('rate_limited'), { data: { retry_after: d.retryAfterS } }));
      } else if (!confirmed) {
        next(new Error('too_many_connections'));
      } else if (socket.conn.readyState !== 'open') {
        slot.release();
        next(new Error('gone'));
      } else {
        state.slot = slot;
        next();
      }
    });
  }

  handleConnection(socket: ChatSocket): void {
    const state = this.state.get(socket);
    if (!state) {
      socket.disconnect(true);
      return;
    }
    const user = state.user;
    state.connected = true;
    void socket.join(userRoom(user.id));
    this.hub.countIo(user.id, 1);
    this.metrics.socketConnections.inc({ door: 'socketio' });
    this.expiry.add(socket, user.expiresAt);
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
    const state = this.state.get(socket);
    state?.slot?.release();
    if (state?.connected) {
      this.expiry.remove(socket, state.user.expiresAt);
      this.hub.countIo(state.user.id, -1);
      this.metrics.socketConnections.dec({ door: 'socketio' });
    }
  }

  onModuleDestroy(): void {
    this.expiry.stop();
  }

  private expire(socket: ChatSocket): void {
    socket.emit('error', {
      code: 'unauthorized',
      message: 'La sesión expiró: volvé a conectarte con un token nuevo.',
    });
    // With the Redis adapter the event travels through Redis first: let it arrive.
    setTimeout(() => socket.disconnect(true), 300).unref();
  }

  private origin(socket: ChatSocket): Origin {
    return {
      transport: 'socketio',
      self: socket.id,
      emitError: (e) => socket.emit('error', e),
      emitMessage: (m) => socket.emit('message', m),
    };
  }

  private user(socket: ChatSocket): AuthUser {
    const state = this.state.get(socket);
    if (!state) throw new AppError('unauthorized', 'Necesitás un token válido para continuar.');
    return state.user;
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
    // Dropped beyond the per-socket rate: typing is a hint, not worth an error.
    if (!this.state.get(socket)?.throttles.typing.allow()) return;
    this.realtime.typing(this.user(socket), data, this.origin(socket));
  }

  @SubscribeMessage('stop_generation')
  async onStop(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() data: unknown,
    @Ack() ack?: (a: unknown) => void,
  ): Promise<void> {
    if (!this.state.get(socket)?.throttles.stop.allow()) {
      // Too fast: nothing is stopped; the ack still answers, so a client awaiting it is not
      // left to its own timeout, and the error event says why.
      if (typeof ack === 'function') ack({ stopped: false });
      throw tooFast();
    }
    const result = await this.realtime.stop(this.user(socket), data);
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

  @SubscribeMessage('feedback')
  async onFeedback(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() data: unknown,
    @Ack() ack?: (a: FeedbackAck) => void,
  ): Promise<void> {
    const result = await this.feedback.handle(this.user(socket).id, data);
    if (typeof ack === 'function') ack(result);
    else if (!result.ok) socket.emit('error', result.error);
  }
}
