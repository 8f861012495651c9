import type { LoggerService } from '@nestjs/common';
import { StartupLogger } from './startup.logger';

describe('StartupLogger', () => {
  const calls: unknown[][] = [];
  const inner: LoggerService = {
    log: (...a: unknown[]) => calls.push(['log', ...a]),
    error: (...a: unknown[]) => calls.push(['error', ...a]),
    warn: (...a: unknown[]) => calls.push(['warn', ...a]),
    debug: (...a: unknown[]) => calls.push(['debug', ...a]),
  };
  beforeEach(() => calls.splice(0));

  it('drops the controller banners that print the global prefix on excluded routes', () => {
    const logger = new StartupLogger(inner);
    logger.log('HealthController {/api/health}:', 'RoutesResolver');
    logger.log('MetricsController {/api/metrics}:', 'RoutesResolver');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(calls).toEqual([['log', 'Mapped {/health, GET} route', 'RouterExplorer']]);
  });

  it('passes every other line on unchanged, with its context', () => {
    const logger = new StartupLogger(inner);
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('REDIS_URL not set');
    logger.error({ err: 'x' }, 'request failed', 'HttpExceptionFilter');
    logger.debug('detail', 'RoutesResolver');
    logger.verbose('ignored by an inner logger without verbose');
    expect(calls).toEqual([
      ['log', 'Nest application successfully started', 'NestApplication'],
      ['warn', 'REDIS_URL not set'],
      ['error', { err: 'x' }, 'request failed', 'HttpExceptionFilter'],
      ['debug', 'detail', 'RoutesResolver'],
    ]);
  });
});
