import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import type { AuthUser } from './auth-user';
import type { AuthenticatedRequest } from './jwt-auth.guard';

function userOf(ctx: ExecutionContext): AuthUser {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new AppError('unauthorized', 'Necesitás un token válido para continuar.');
  return user;
}

/** The authenticated user (requires JwtAuthGuard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser =>
  userOf(ctx),
);

/**
 * The `{user_id}` path parameter, which must be the token's `sub`: nobody reads or deletes
 * another user's data (403).
 */
export const OwnUserId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const user = userOf(ctx);
  const param = ctx.switchToHttp().getRequest<AuthenticatedRequest>().params['user_id'];
  if (param !== user.id) {
    throw new AppError('forbidden', 'Solo podés acceder a tus propias conversaciones.');
  }
  return param;
});
