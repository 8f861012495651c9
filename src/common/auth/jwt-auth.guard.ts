import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from './auth-user';
import { bearerToken, JwtVerifier } from './jwt-verifier.service';

export type AuthenticatedRequest = Request & { user?: AuthUser };

/** REST accepts the token only in the Authorization header (never in the query string). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly verifier: JwtVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    req.user = this.verifier.verify(bearerToken(req.headers.authorization));
    return true;
  }
}
