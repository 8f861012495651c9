import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './app-error';
import { toErrorBody } from './error-response';

/** One filter for every HTTP route: the contract's `{ statusCode, error, message }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: unknown }>();
    const body = toErrorBody(err);
    if (body.statusCode >= 500) {
      this.logger.error(
        {
          err:
            err instanceof Error
              ? { name: err.name, message: err.message, stack: err.stack }
              : String(err),
          req_id: req.id,
          code: body.code,
        },
        'request failed',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (err instanceof AppError && err.details?.retryAfterS !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.details.retryAfterS))));
    }
    res.status(body.statusCode).json(body);
  }
}
