import { lastValueFrom, of, throwError } from 'rxjs';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../common/errors/app-error';
import { loadConfig } from '../../config/load-config';
import { LocalAdmissionStore } from '../../infrastructure/admission/local-admission.store';
import { MemoryKeyLock } from '../../infrastructure/cache/memory-key-lock';
import { UserAnswerLock } from '../../infrastructure/cache/user-answer-lock';
import { MemoryTokenQuotaStore } from '../../infrastructure/quota/memory-token-quota.store';
import { MetricsService } from '../metrics/metrics.service';
import { QuotaService } from '../quota/quota.service';
import { Admit, AdmissionInterceptor, AdmitKind } from './admission.interceptor';
import { AdmissionService } from './admission.service';
import { GeneralRateLimitGuard } from './general-rate-limit.guard';
import type { AnswerTicket } from './answer-ticket';

function newAdmission(env: Record<string, string> = {}) {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'admission-unit-')),
    RATE_LIMIT_CHAT_PER_MIN: '3',
    RATE_LIMIT_HISTORY_PER_MIN: '2',
    RATE_LIMIT_GENERAL_PER_MIN: '5',
    ...env,
  });
  const quotaStore = new MemoryTokenQuotaStore();
  const quota = new QuotaService(quotaStore, config);
  const lock = new UserAnswerLock(new MemoryKeyLock());
  const metrics = new MetricsService();
  const admission = new AdmissionService(
    new LocalAdmissionStore(quotaStore, lock),
    quota,
    lock,
    config,
    metrics,
  );
  return { admission, quota, lock, metrics, config };
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'admitted',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe('AdmissionService', () => {
  it('spends the user’s budget per bucket and refuses with rate_limited and a wait', async () => {
    const { admission, metrics } = newAdmission();
    await admission.spend('ana', 'history');
    await admission.spend('ana', 'history');
    const err = (await admission.spend('ana', 'history').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('rate_limited');
    expect(err.httpStatus).toBe(429);
    expect(err.details?.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(err.details?.retryAfterS).toBeLessThanOrEqual(60);
    // Other buckets and other users keep theirs.
    await admission.spend('ana', 'chat');
    await admission.spend('bob', 'history');
    const counted = await metrics.registry.getSingleMetricAsString('rate_limit_rejections_total');
    expect(counted).toContain('bucket="history"} 1');
  });

  it('admits a message with the answer lock, and gives a later one a busy ticket while it is held', async () => {
    const { admission } = newAdmission();
    const first = await admission.admitMessage('ana');
    expect(first.lockHeld).toBe(true);
    expect(() => first.assertAdmitted()).not.toThrow();
    const second = await admission.admitMessage('ana');
    expect(second.lockHeld).toBe(false);
    expect(() => second.assertAdmitted()).toThrow(expect.objectContaining({ code: 'busy' }));
    expect((await admission.admitMessage('bob')).lockHeld).toBe(true);
    await first.release();
    expect((await admission.admitMessage('ana')).lockHeld).toBe(true);
  });

  it('spends the chat budget on every message, refusing beyond it before any lock', async () => {
    const { admission, lock } = newAdmission();
    for (let i = 0; i < 3; i++) await (await admission.admitMessage('ana')).release();
    expect(await codeOf(admission.admitMessage('ana'))).toBe('rate_limited');
    expect(await lock.acquire('ana', 'probe', 1000)).toBe(true);
  });

  it('carries the quota refusal on the ticket, holding no lock', async () => {
    const { admission, quota, lock } = newAdmission({ QUOTA_TOKENS_PER_DAY: '100' });
    await quota.record('ana', 100);
    const ticket = await admission.admitMessage('ana');
    expect(ticket.lockHeld).toBe(false);
    expect(() => ticket.assertAdmitted()).toThrow(
      expect.objectContaining({ code: 'quota_exceeded' }),
    );
    expect(await lock.acquire('ana', 'probe', 1000)).toBe(true);
  });

  it('releases a ticket once: a second release cannot free a later answer’s lock', async () => {
    const { admission } = newAdmission();
    const first = await admission.admitMessage('ana');
    await first.release();
    const second = await admission.admitMessage('ana');
    await first.release();
    expect((await admission.admitMessage('ana')).lockHeld).toBe(false);
    await second.release();
  });
});

describe('AdmissionInterceptor (the REST side)', () => {
  function run(kind: AdmitKind | null, handler: CallHandler, user = { id: 'ana' }) {
    const rig = newAdmission();
    class Routes {
      handle(): void {}
    }
    if (kind)
      Admit(kind)(
        Routes.prototype,
        'handle',
        Object.getOwnPropertyDescriptor(Routes.prototype, 'handle')!,
      );
    const req: { user?: { id: string }; ip: string; answerTicket?: AnswerTicket } = {
      user,
      ip: '10.0.0.1',
    };
    const context = {
      getHandler: () => Routes.prototype.handle,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    const interceptor = new AdmissionInterceptor(rig.admission, new Reflector());
    return { ...rig, req, result: interceptor.intercept(context, handler) };
  }

  it('puts the ticket on the request and gives the lock back when the handler fails', async () => {
    const { req, result, lock } = run('answer', {
      handle: () => throwError(() => new AppError('invalid_input', 'mal')),
    });
    await expect(lastValueFrom(await result)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(req.answerTicket?.lockHeld).toBe(true);
    expect(await lock.acquire('ana', 'probe', 1000)).toBe(true);
  });

  it('spends the route’s bucket and lets routes without @Admit through untouched', async () => {
    const spent = run('history', { handle: () => of('ok') });
    expect(await lastValueFrom(await spent.result)).toBe('ok');
    expect(spent.req.answerTicket).toBeUndefined();
    const free = run(null, { handle: () => of('ok') });
    expect(await lastValueFrom(await free.result)).toBe('ok');
  });

  it('counts the client IP’s general limit in the same step as the user’s budget', async () => {
    const { admission } = newAdmission();
    for (let i = 0; i < 5; i++) await admission.spend(`u${i}`, 'history', '10.0.0.9');
    expect(await codeOf(admission.spend('u9', 'history', '10.0.0.9'))).toBe('rate_limited');
    // Refused at the IP: u9's own budget was not spent.
    await admission.spend('u9', 'history');
    await admission.spend('u9', 'history');
    expect(await codeOf(admission.spend('u9', 'history'))).toBe('rate_limited');
  });
});

describe('GeneralRateLimitGuard', () => {
  it('limits routes without a user budget per IP, and leaves @Admit routes to the admission step', async () => {
    const { admission } = newAdmission({ RATE_LIMIT_GENERAL_PER_MIN: '1' });
    class Routes {
      open(): void {}
      admitted(): void {}
    }
    Admit('history')(
      Routes.prototype,
      'admitted',
      Object.getOwnPropertyDescriptor(Routes.prototype, 'admitted')!,
    );
    const guard = new GeneralRateLimitGuard(admission, new Reflector());
    const context = (handler: () => void) =>
      ({
        getType: () => 'http',
        getHandler: () => handler,
        getClass: () => Routes,
        switchToHttp: () => ({ getRequest: () => ({ ip: '10.1.1.1' }) }),
      }) as unknown as ExecutionContext;
    expect(await guard.canActivate(context(Routes.prototype.open))).toBe(true);
    expect(await codeOf(guard.canActivate(context(Routes.prototype.open)))).toBe('rate_limited');
    expect(await guard.canActivate(context(Routes.prototype.admitted))).toBe(true);
  });
});
