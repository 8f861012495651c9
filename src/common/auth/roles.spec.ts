import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../errors/app-error';
import { loadConfig } from '../../config/load-config';
import { hasRole, rolesOf } from './roles';
import { RequireRole, RolesGuard } from './roles.guard';
import type { AuthUser } from './auth-user';

describe('rolesOf', () => {
  it.each([
    [
      ['compliance', 'reader'],
      ['compliance', 'reader'],
    ],
    ['compliance reader', ['compliance', 'reader']],
    ['  compliance   ', ['compliance']],
    [['compliance', 7, null, ''], ['compliance']],
    [undefined, []],
    [null, []],
    [42, []],
    [{ compliance: true }, []],
    ['', []],
  ])('reads %j as %j', (claim, expected) => {
    expect(rolesOf(claim)).toEqual(expected);
  });

  it('matches roles exactly', () => {
    expect(hasRole(['compliance'], 'compliance')).toBe(true);
    expect(hasRole(['Compliance'], 'compliance')).toBe(false);
    expect(hasRole(['compliance-lite'], 'compliance')).toBe(false);
    expect(hasRole([], 'compliance')).toBe(false);
  });
});

describe('RolesGuard', () => {
  class Route {
    @RequireRole('audit')
    audit(): void {}
    open(): void {}
  }
  const context = (handler: () => void, user?: Partial<AuthUser>) =>
    ({
      getHandler: () => handler,
      getClass: () => Route,
      switchToHttp: () => ({ getRequest: () => ({ user }) }),
    }) as unknown as ExecutionContext;
  const guardWith = (env: Record<string, string> = {}) =>
    new RolesGuard(new Reflector(), loadConfig({ JWT_SECRET_KEY: 's'.repeat(40), ...env }));

  it('lets a token with the audit role through', () => {
    const guard = guardWith();
    expect(guard.canActivate(context(Route.prototype.audit, { roles: ['compliance'] }))).toBe(true);
  });

  it('refuses any other token with 403', () => {
    const guard = guardWith();
    const attempt = () => guard.canActivate(context(Route.prototype.audit, { roles: ['admin'] }));
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (err) {
      expect((err as AppError).code).toBe('forbidden');
      expect((err as AppError).httpStatus).toBe(403);
    }
  });

  it('uses the configured role name', () => {
    const guard = guardWith({ AUDIT_ROLE: 'auditor' });
    expect(guard.canActivate(context(Route.prototype.audit, { roles: ['auditor'] }))).toBe(true);
    expect(() =>
      guard.canActivate(context(Route.prototype.audit, { roles: ['compliance'] })),
    ).toThrow(AppError);
  });

  it('leaves routes without a required role alone', () => {
    const guard = guardWith();
    expect(guard.canActivate(context(Route.prototype.open, { roles: [] }))).toBe(true);
  });
});
