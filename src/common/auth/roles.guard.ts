import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';
import type { AuthenticatedRequest } from './jwt-auth.guard';
import { hasRole } from './roles';

const REQUIRED_ROLE = 'auth:required-role';

/** Roles a route needs, by what they are for (the names come from configuration). */
export type RoleKind = 'audit';

export const RequireRole = (kind: RoleKind) => SetMetadata(REQUIRED_ROLE, kind);

/** After JwtAuthGuard: a valid token without the role gets 403 (no token is already 401). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = this.reflector.getAllAndOverride<RoleKind | undefined>(REQUIRED_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!kind) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new AppError('unauthorized', 'Necesitás un token válido para continuar.');
    if (!hasRole(user.roles, this.roleName(kind))) {
      throw new AppError('forbidden', 'No tenés permiso para ver este recurso.');
    }
    return true;
  }

  private roleName(kind: RoleKind): string {
    switch (kind) {
      case 'audit':
        return this.config.trust.auditRole;
    }
  }
}
