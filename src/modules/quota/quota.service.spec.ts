import { AppError } from '../../common/errors/app-error';
import { loadConfig } from '../../config/load-config';
import { MemoryTokenQuotaStore } from '../../infrastructure/quota/memory-token-quota.store';
import { QuotaService } from './quota.service';

const SECRET = 'x'.repeat(40);
const config = (limit: number) =>
  loadConfig({
    ENVIRONMENT: 'test',
    JWT_SECRET_KEY: SECRET,
    DATA_DIR: '/tmp/quota-spec',
    QUOTA_TOKENS_PER_DAY: String(limit),
  });

/** What the admission step does with the quota: read today's tokens, then ask for a refusal. */
async function assertAvailable(q: QuotaService, userId: string): Promise<void> {
  const refusal = q.refusal((await q.usage(userId)).tokens_used);
  if (refusal) throw refusal;
}

describe('QuotaService', () => {
  let now = Date.parse('2026-12-07T23:59:30.000Z');
  const clock = () => now;
  const service = (limit: number) =>
    new QuotaService(new MemoryTokenQuotaStore(), config(limit), clock);

  beforeEach(() => {
    now = Date.parse('2026-12-07T23:59:30.000Z');
  });

  it('admits while the day is under the limit and lets the crossing answer count in full', async () => {
    const q = service(1000);
    await assertAvailable(q, 'ana');
    await q.record('ana', 999);
    await assertAvailable(q, 'ana');
    await q.record('ana', 500);
    expect((await q.usage('ana')).tokens_used).toBe(1499);
    await expect(assertAvailable(q, 'ana')).rejects.toMatchObject({ code: 'quota_exceeded' });
  });

  it('refuses with the seconds left until the next UTC midnight, then admits again the next day', async () => {
    const q = service(10);
    await q.record('ana', 10);
    const err = (await assertAvailable(q, 'ana').catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.httpStatus).toBe(429);
    expect(err.details?.retryAfterS).toBe(30);
    expect(err.message).toMatch(/límite diario/);
    now += 31_000;
    await assertAvailable(q, 'ana');
    expect(await q.usage('ana')).toEqual({
      user_id: 'ana',
      period_start: '2026-12-08T00:00:00.000Z',
      tokens_used: 0,
      tokens_limit: 10,
      messages: 0,
    });
  });

  it('counts usage with no limit, and reports the limit as null', async () => {
    const q = service(0);
    await q.record('ana', 120);
    await q.record('ana', 30);
    await assertAvailable(q, 'ana');
    expect(await q.usage('ana')).toMatchObject({
      tokens_used: 150,
      tokens_limit: null,
      messages: 2,
    });
  });

  it('keeps users apart, whatever their ids contain', async () => {
    const q = service(100);
    await q.record('a:b', 100);
    await q.record('a', 1);
    await expect(assertAvailable(q, 'a:b')).rejects.toMatchObject({ code: 'quota_exceeded' });
    await assertAvailable(q, 'a');
    expect((await q.usage('a')).tokens_used).toBe(1);
  });
});
