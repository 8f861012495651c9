import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { NO_RATE_LIMIT } from '../../common/http/no-rate-limit.decorator';
import { clientAddress } from '../../common/rate-limit/client-ip';
import { ADMIT } from './admission.interceptor';
import { AdmissionService, rateLimitedError } from './admission.service';

/**
 * Global: the general limit per client IP over the HTTP API (req.ip honours TRUST_PROXY), before
 * authentication. Routes with a user budget (`@Admit`) count it in the admission step instead,
 * in the same round trip as the user's budget; there an unauthenticated request is refused by
 * the token check alone, which costs no Redis or database call.
 */
@Injectable()
export class GeneralRateLimitGuard implements CanActivate {
  constructor(
    private readonly admission: AdmissionService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, targets)) return true;
    if (this.reflector.get(ADMIT, context.getHandler())) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const d = await this.admission.consumeIp('general', clientAddress(req));
    if (!d.allowed) throw rateLimitedError(d.retryAfterS);
    return true;
  }
}
