import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import type { AuthenticatedRequest } from '../auth/jwt-auth.guard';
import { NO_RATE_LIMIT } from '../http/no-rate-limit.decorator';
import { RATE_LIMIT_BUCKET } from './rate-limit.decorator';
import { Bucket, Decision, RateLimitService } from './rate-limit.service';

export function refuse(bucket: Bucket, d: Decision): never {
  throw new AppError(
    'rate_limited',
    'Demasiadas solicitudes: esperá un momento antes de volver a intentar.',
    {
      retryAfterS: d.retryAfterS,
    },
  );
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
    if (!d.allowed) refuse('general', d);
    return true;
  }
}

/** Per user, after authentication: the route's bucket (`chat` or `history`). */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimitService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<Bucket | undefined>(RATE_LIMIT_BUCKET, context.getHandler());
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!bucket || !user) return true;
    const d = await this.limits.consume(bucket, user.id);
    if (!d.allowed) refuse(bucket, d);
    return true;
  }
}
