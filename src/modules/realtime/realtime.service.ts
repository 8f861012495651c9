import { Injectable, Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import type { AuthUser } from '../../common/auth/auth-user';
import { inSpan, SpanKind } from '../../infrastructure/tracing/spans';
import { AppError } from '../../common/errors/app-error';
import { toErrorBody } from '../../common/errors/error-response';
import { validatePayload } from '../../common/validation/validate-payload';
import { AdmissionService } from '../admission/admission.service';
import type { Transport } from '../chat/chat-reply';
import { ChatService } from '../chat/chat.service';
import { SendMessageDto } from '../chat/dto/send-message.dto';
import { PublicMessage, toPublicMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { GetHistoryDto, StopGenerationDto, TypingDto } from './dto/socket-payloads.dto';
import type { SendAck, ServerEvents } from './realtime.events';
import { RealtimeHub } from './realtime.hub';

/** The connection a socket event came from. */
export interface Origin {
  transport: Extract<Transport, 'socketio' | 'ws'>;
  /** Skipped when relaying to the user's other connections. */
  self: string | WebSocket;
  emitError(error: ServerEvents['error']): void;
  emitMessage(message: ServerEvents['message']): void;
}

export function errorEvent(err: unknown): ServerEvents['error'] {
  const body = toErrorBody(err);
  const retry = err instanceof AppError ? err.details?.retryAfterS : undefined;
  return {
    code: body.code,
    message: body.message,
    ...(retry !== undefined ? { retry_after: Math.ceil(retry) } : {}),
  };
}

/**
 * What both socket doors do with each client event; the gateway and the plain WebSocket
 * handler only translate frames into these calls.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('RealtimeService');

  constructor(
    private readonly chat: ChatService,
    private readonly memory: MemoryService,
    private readonly hub: RealtimeHub,
    private readonly admission: AdmissionService,
  ) {
    hub.onStopRequest((userId, messageId) => this.chat.stop(userId, messageId));
  }

  /**
   * Runs one exchange, streaming every event to all of the user's connections. The ack (when
   * the client asked for one) answers as soon as the answer's id is known, or with the error.
   */
  sendMessage(
    user: AuthUser,
    payload: unknown,
    origin: Origin,
    ack?: (a: SendAck) => void,
  ): Promise<void> {
    // One span per socket message (the HTTP instrumentation sees only the handshake); the answer's
    // database, Redis and LLM spans are its children. No message text in it.
    return inSpan(
      `${origin.transport} send_message`,
      {
        'messaging.system': origin.transport === 'socketio' ? 'socket.io' : 'websocket',
        'messaging.operation.name': 'send_message',
        'chat.transport': origin.transport,
      },
      () => this.handleSendMessage(user, payload, origin, ack),
      { kind: SpanKind.SERVER },
    );
  }

  private async handleSendMessage(
    user: AuthUser,
    payload: unknown,
    origin: Origin,
    ack?: (a: SendAck) => void,
  ): Promise<void> {
    let current: { message_id: string; conversation_id: string } | null = null;
    try {
      const dto = validatePayload(SendMessageDto, payload);
      // The same admission step as the REST message routes; the chat service releases the ticket.
      const ticket = await this.admission.admitMessage(user.id);
      const reply = await this.chat.send(
        user,
        {
          message: dto.message,
          conversationId: dto.conversation_id,
          userContext: dto.user_context,
          clientMessageId: dto.client_message_id,
          transport: origin.transport,
        },
        ticket,
        {
          onStart: ({ message_id, conversation_id }) => {
            current = { message_id, conversation_id };
            this.hub.emitToUser(user.id, 'typing', { is_typing: true, actor: 'assistant' });
            ack?.({ ok: true, message_id, conversation_id });
          },
          onDelta: (delta, index) => {
            if (current)
              this.hub.emitToUser(user.id, 'message_chunk', { ...current, delta, index });
          },
          onTool: (event) => this.hub.emitToUser(user.id, 'tool_status', event),
          // The exchange already happened, so only this connection hears of it; one in flight on
          // a socket door sends its own `message` to every connection of the user, this one too.
          onReplay: (earlier, broadcast) => {
            ack?.({
              ok: true,
              message_id: earlier.message_id,
              conversation_id: earlier.conversation_id,
            });
            if (!broadcast) origin.emitMessage({ ...earlier, role: 'assistant' });
          },
        },
      );
      if (current) {
        this.hub.emitToUser(user.id, 'typing', { is_typing: false, actor: 'assistant' });
        this.hub.emitToUser(user.id, 'message', { ...reply, role: 'assistant' });
      }
    } catch (err) {
      const event = errorEvent(err);
      if (event.code === 'internal_error') {
        this.logger.error(
          `send_message failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      if (current) {
        this.hub.emitToUser(user.id, 'typing', { is_typing: false, actor: 'assistant' });
        this.hub.emitToUser(user.id, 'error', event);
      } else if (ack) {
        ack({ ok: false, error: event });
      } else {
        origin.emitError(event);
      }
    }
  }

  typing(user: AuthUser, payload: unknown, origin: Origin): void {
    const dto = validatePayload(TypingDto, payload);
    this.hub.emitToUser(
      user.id,
      'typing',
      { is_typing: dto.is_typing, actor: 'user' },
      origin.self,
    );
  }

  /** Stops the user's answer here, or on whichever instance is generating it. */
  async stop(user: AuthUser, payload: unknown): Promise<{ stopped: boolean; message_id?: string }> {
    const dto = validatePayload(StopGenerationDto, payload ?? {});
    const id =
      this.chat.stop(user.id, dto.message_id) ??
      (await this.hub.requestRemoteStop(user.id, dto.message_id));
    return id ? { stopped: true, message_id: id } : { stopped: false };
  }

  async history(user: AuthUser, payload: unknown): Promise<{ messages: PublicMessage[] }> {
    const dto = validatePayload(GetHistoryDto, payload ?? {});
    // The same per-user history budget as GET /api/chat/history.
    await this.admission.spend(user.id, 'history');
    if (dto.conversation_id) await this.memory.getOwnConversation(user.id, dto.conversation_id);
    const messages = await this.memory.history(user.id, {
      limit: dto.limit ?? 50,
      conversationId: dto.conversation_id,
    });
    return { messages: messages.map(toPublicMessage) };
  }
}
