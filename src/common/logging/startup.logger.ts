import type { LoggerService } from '@nestjs/common';

/**
 * Nest names each controller with the global prefix added (`HealthController {/api/health}`)
 * even when all its routes are excluded from the prefix, so the start-up log announced
 * `/api/health` and `/api/metrics`, which do not exist. Those banner lines are dropped; the
 * `Mapped {/health, GET} route` lines that follow them give the real paths.
 */
export class StartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'RoutesResolver') return;
    this.inner.log(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }
}
