import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { NO_RATE_LIMIT } from '../http/no-rate-limit.decorator';
import { Decision, RateLimitService } from './rate-limit.service';

/** The 429 of every rate limit, per IP or per user, with the seconds to wait. */
export function rateLimitedError(retryAfterS: number): AppError {
  return new AppError(
    'rate_limited',
    'Demasiadas solicitudes: esperá un momento antes de volver a intentar.',
    { retryAfterS },
  );
}

function refuse(d: Decision): never {
  throw rateLimitedError(d.retryAfterS);
}

/** Global: the general limit per client IP over the HTTP API (req.ip honours TRUST_PROXY). */
@Injectable()
export class GeneralRateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimitService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const skip = this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const d = await this.limits.consume('general', req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!d.allowed) refuse(d);
    return true;
  }
}
