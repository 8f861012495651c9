import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseWsExceptionFilter } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { errorEvent } from './realtime.service';

/** Socket errors in the contract's `error` event shape; the socket stays connected. */
@Catch()
export class SocketExceptionFilter extends BaseWsExceptionFilter {
  private readonly logger = new Logger('SocketExceptionFilter');

  override catch(err: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<Socket>();
    const event = errorEvent(err);
    if (event.code === 'internal_error')
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    socket.emit('error', event);
  }
}
