import {
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { finalize, Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../common/auth/jwt-auth.guard';
import { clientAddress } from '../../common/rate-limit/client-ip';
import type { UserBucket } from './admission-store';
import { AdmissionService } from './admission.service';
import type { AnswerTicket } from './answer-ticket';

/** `answer`: a chat message that asks for an answer (chat budget, quota and answer lock). */
export type AdmitKind = UserBucket | 'answer';

export const ADMIT = 'admission:kind';

/** What a route spends of the user's budgets (after authentication). */
export const Admit = (kind: AdmitKind) => SetMetadata(ADMIT, kind);

type AdmittedRequest = AuthenticatedRequest & { answerTicket?: AnswerTicket };

/** The ticket of an `@Admit('answer')` route, for `ChatService.send`. */
export const Ticket = createParamDecorator((_: unknown, ctx: ExecutionContext): AnswerTicket => {
  const ticket = ctx.switchToHttp().getRequest<AdmittedRequest>().answerTicket;
  if (!ticket) throw new Error("a route that takes a Ticket needs @Admit('answer')");
  return ticket;
});

/**
 * The REST side of the admission step: the route's user budget and the client IP's general
 * limit in one step (the global guard leaves `@Admit` routes to it). An interceptor rather than
 * a guard: it runs after the authentication and role guards and before the validation pipes,
 * and it sees the request end, so the answer lock an invalid body or a failed exchange leaves
 * is given back at once.
 */
@Injectable()
export class AdmissionInterceptor implements NestInterceptor {
  constructor(
    private readonly admission: AdmissionService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const kind = this.reflector.get<AdmitKind | undefined>(ADMIT, context.getHandler());
    const req = context.switchToHttp().getRequest<AdmittedRequest>();
    if (!kind || !req.user) return next.handle();
    if (kind !== 'answer') {
      await this.admission.spend(req.user.id, kind, clientAddress(req));
      return next.handle();
    }
    const ticket = await this.admission.admitMessage(req.user.id, clientAddress(req));
    req.answerTicket = ticket;
    return next.handle().pipe(finalize(() => void ticket.release().catch(() => undefined)));
  }
}
