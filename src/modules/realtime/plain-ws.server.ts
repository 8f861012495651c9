import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import type { AuthUser } from '../../common/auth/auth-user';
import { bearerToken, JwtVerifier } from '../../common/auth/jwt-verifier.service';
import { originAllowed } from '../../common/http/origin';
import { assertSafeJson } from '../../common/validation/json-hazard';
import { clientIp } from '../../common/rate-limit/client-ip';
import { AdmissionService } from '../admission/admission.service';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { SOCKET_IO_PATH, SOCKET_MAX_PAYLOAD_BYTES } from './chat-io.adapter';
import { RealtimeHub, serializeFrame } from './realtime.hub';
import { errorEvent, Origin, RealtimeService } from './realtime.service';
import { connectionThrottles, tooFast } from './event-throttle';
import { SocketSlot, SocketSlots } from './socket-slots';
import { ignoreSocketError, rejectUpgrade } from './upgrade-response';
import { upgradeTarget } from './upgrade-target';
const HEARTBEAT_MS = 30_000;

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_MANY = 4429;

type LiveSocket = WebSocket & { alive?: boolean };

type Admission =
  | { kind: 'ok'; user: AuthUser; slot: SocketSlot }
  | { kind: 'unauthorized' | 'forbidden' | 'too_many' };

/**
 * The seed's plain WebSocket door, `/ws/chat/{user_id}?token=...`, with `{ type, data }`
 * frames, attached to the same HTTP server as REST and Socket.IO.
 */
@Injectable()
export class PlainWsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PlainWsServer');
  private wss: WebSocketServer | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: JwtVerifier,
    private readonly realtime: RealtimeService,
    private readonly hub: RealtimeHub,
    private readonly admission: AdmissionService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly slots: SocketSlots,
  ) {}

  /**
   * Every upgrade request on the server comes through here first. Node removes its own error
   * listener from a socket handed to `upgrade`, so one is attached before anything can emit:
   * without it a client resetting the connection mid-handshake would end the process.
   */
  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', ignoreSocketError);
    const target = upgradeTarget(req.url, SOCKET_IO_PATH);
    switch (target.kind) {
      case 'socket.io':
        return; // Socket.IO's engine answers its own path.
      case 'invalid':
        rejectUpgrade(socket, 400);
        return;
      case 'unknown':
        rejectUpgrade(socket, 404);
        return;
      case 'chat':
        this.upgrade(req, socket, head, target.url, target.pathUser).catch((err: unknown) => {
          this.logger.warn(
            `WebSocket upgrade failed: ${err instanceof Error ? err.message : 'error'}`,
          );
          socket.destroy();
        });
        return;
    }
  }

  private async upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    pathUser: string,
  ): Promise<void> {
    if (!originAllowed(this.config.corsOrigins, req.headers.origin)) {
      rejectUpgrade(socket, 403);
      return;
    }
    const admission = this.handshake(req, url, pathUser);
    const ip = clientIp(
      req.headers['x-forwarded-for'],
      req.socket.remoteAddress,
      this.config.trustProxy,
    );
    const [d, confirmed] = await Promise.all([
      this.admission.consumeIp('handshake', ip),
      admission.kind === 'ok' ? this.slots.confirm(admission.slot) : Promise.resolve(true),
    ]);
    if (!d.allowed) {
      if (admission.kind === 'ok') admission.slot.release();
      rejectUpgrade(socket, 429, d.retryAfterS);
      return;
    }
    const settled: Admission = confirmed ? admission : { kind: 'too_many' };
    if (!socket.writable) {
      if (settled.kind === 'ok') settled.slot.release();
      socket.destroy();
      return;
    }
    // The slot goes with the connection, also when `ws` refuses the handshake itself.
    if (settled.kind === 'ok') socket.once('close', () => settled.slot.release());
    this.wss!.handleUpgrade(req, socket, head, (ws) => this.accept(ws, settled));
  }

  /**
   * Checks the token and takes the user's connection slot before the handshake awaits anything,
   * so concurrent handshakes cannot all pass the cap. A refusal is told after the handshake,
   * with the contract's close codes.
   */
  private handshake(req: IncomingMessage, url: URL, pathUser: string): Admission {
    let user: AuthUser;
    try {
      user = this.verifier.verify(
        url.searchParams.get('token') ?? bearerToken(req.headers.authorization),
        { remember: false },
      );
    } catch {
      return { kind: 'unauthorized' };
    }
    if (user.id !== pathUser) return { kind: 'forbidden' };
    const slot = this.slots.reserve(user.id);
    return slot ? { kind: 'ok', user, slot } : { kind: 'too_many' };
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD_BYTES });
    // First in line, so the error listener is on before Socket.IO's engine sees the socket.
    server.prependListener('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss?.clients ?? []) {
        const live = ws as LiveSocket;
        if (live.alive === false) {
          ws.terminate();
          continue;
        }
        live.alive = false;
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private accept(ws: LiveSocket, admission: Admission): void {
    // Invalid UTF-8, an oversized frame or a protocol violation is reported here, and `ws`
    // closes the connection itself (1007, 1009, 1002): without a listener it would be thrown.
    ws.on('error', (err) =>
      this.logger.debug(`WebSocket closed after a protocol error: ${err.message}`),
    );
    ws.alive = true;
    ws.on('pong', () => (ws.alive = true));
    switch (admission.kind) {
      case 'unauthorized':
        ws.close(CLOSE_UNAUTHORIZED, 'unauthorized');
        return;
      case 'forbidden':
        ws.close(CLOSE_FORBIDDEN, 'forbidden');
        return;
      case 'too_many':
        ws.close(CLOSE_TOO_MANY, 'too many connections');
        return;
      case 'ok':
        break;
    }
    const { user, slot } = admission;
    this.hub.addPlain(user.id, ws);
    this.metrics.socketConnections.inc({ door: 'ws' });
    const expiry = setTimeout(
      () => ws.close(CLOSE_UNAUTHORIZED, 'token expired'),
      Math.max(0, Math.min(user.expiresAt * 1000 - Date.now(), 2 ** 31 - 1)),
    );
    expiry.unref();
    ws.on('close', () => {
      slot.release();
      clearTimeout(expiry);
      this.hub.removePlain(user.id, ws);
      this.metrics.socketConnections.dec({ door: 'ws' });
    });
    const send = (type: string, data: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(serializeFrame(type, data));
    };
    const throttles = connectionThrottles();
    const origin: Origin = {
      transport: 'ws',
      self: ws,
      emitError: (e) => send('error', e),
      emitMessage: (m) => send('message', m),
    };
    ws.on(
      'message',
      (raw: RawData, isBinary: boolean) =>
        void this.onFrame(user, raw, isBinary, origin, send, throttles),
    );
    send('connection_established', {
      user_id: user.id,
      session_id: randomSessionId(),
      server_time: new Date().toISOString(),
    });
  }

  private async onFrame(
    user: AuthUser,
    raw: RawData,
    isBinary: boolean,
    origin: Origin,
    send: (type: string, data: unknown) => void,
    throttles: ReturnType<typeof connectionThrottles>,
  ): Promise<void> {
    let frame: { type?: unknown; data?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      frame = JSON.parse(rawText(raw)) as { type?: unknown; data?: unknown };
      if (!frame || typeof frame !== 'object') throw new Error('not an object');
    } catch {
      send('error', {
        code: 'invalid_input',
        message: 'Cada mensaje debe ser un objeto JSON: { "type", "data" }.',
      });
      return;
    }
    try {
      assertSafeJson(frame);
      switch (frame.type) {
        case 'send_message':
          await this.realtime.sendMessage(user, frame.data, origin);
          return;
        case 'typing':
          if (throttles.typing.allow()) this.realtime.typing(user, frame.data, origin);
          return;
        case 'stop_generation':
          if (!throttles.stop.allow()) throw tooFast();
          await this.realtime.stop(user, frame.data);
          return;
        case 'get_history':
          send('history', await this.realtime.history(user, frame.data));
          return;
        case 'ping':
          send('pong', {});
          return;
        default:
          send('error', {
            code: 'invalid_input',
            message: `Tipo de mensaje desconocido: ${JSON.stringify(frame.type ?? null).slice(0, 40)}`,
          });
      }
    } catch (err) {
      send('error', errorEvent(err));
    }
  }

  /** Closes every connection with 1001 ("going away"); the HTTP server cannot close before. */
  closeAll(): void {
    for (const ws of this.wss?.clients ?? []) ws.close(1001, 'server shutting down');
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.wss?.close();
  }
}

function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}

function randomSessionId(): string {
  return globalThis.crypto.randomUUID();
}
