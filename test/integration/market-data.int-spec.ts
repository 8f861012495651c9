import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { HotCache } from '../../src/infrastructure/cache/hot-cache';
import { MemoryHotCache } from '../../src/infrastructure/cache/memory-hot-cache';
import { RedisHotCache } from '../../src/infrastructure/cache/redis-hot-cache';
import { ArgentinaDatosSource } from '../../src/infrastructure/market-data/argentinadatos.source';
import { DolarApiSource } from '../../src/infrastructure/market-data/dolarapi.source';
import { MemoryKeyLock } from '../../src/infrastructure/cache/memory-key-lock';
import { RedisKeyLock } from '../../src/infrastructure/cache/redis-key-lock';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import {
  LAST_GOOD_MS,
  MarketDataOptions,
  MarketDataService,
} from '../../src/modules/market/market-data.service';
import type { KeyLock } from '../../src/infrastructure/cache/key-lock';
import { TEST_REDIS_URL } from '../support/config';
import { FakeMarket } from '../support/fake-market';

const market = new FakeMarket();
const clients: Redis[] = [];
let clock = Date.now();

const OPTS: MarketDataOptions = {
  timeoutMs: 800,
  liveTtlS: 60,
  seriesTtlS: 3600,
  breakerFailures: 3,
  breakerResetMs: 60_000,
  now: () => clock,
};

/** An instance's view of the shared Redis: its own client, cache and lock. */
async function onRedis(prefix: string): Promise<[HotCache, KeyLock]> {
  const client = createRedisClient(TEST_REDIS_URL, prefix);
  clients.push(client);
  if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
  return [new RedisHotCache(client), new RedisKeyLock(client)];
}

function service([cache, lock]: [HotCache, KeyLock] = [new MemoryHotCache(), new MemoryKeyLock()]) {
  return new MarketDataService(
    [new DolarApiSource(market.url), new ArgentinaDatosSource(market.url)],
    cache,
    lock,
    OPTS,
  );
}

beforeAll(() => {
  Logger.overrideLogger(false);
  return market.start();
});
afterAll(async () => {
  await market.stop();
  for (const c of clients) {
    const prefix = String(c.options.keyPrefix);
    const keys = await c.keys(`${prefix}*`);
    if (keys.length) await c.del(...keys.map((k) => k.slice(prefix.length)));
    await c.quit();
  }
});
beforeEach(() => {
  market.modes.clear();
  market.hits.clear();
  market.delayMs = 0;
  clock = Date.now();
});

describe('MarketDataService', () => {
  it('names the source and its as-of with every figure', async () => {
    const got = await service().get({ kind: 'fx' });
    expect(got).toMatchObject({ source: { id: 'dolarapi', name: 'DolarApi' }, stale: false });
    expect(got?.data.find((r) => r.casa === 'bolsa')?.as_of).toBe('2026-12-04T15:00:00.000Z');
  });

  it('serves a figure from the cache for its lifetime, then asks the source again', async () => {
    const svc = service();
    await svc.get({ kind: 'fx' });
    await svc.get({ kind: 'fx' });
    expect(market.requests('/v1/dolares')).toBe(1);
    clock += 61_000;
    await svc.get({ kind: 'fx' });
    expect(market.requests('/v1/dolares')).toBe(2);
  });

  it('keeps macro series for their own, longer lifetime', async () => {
    const svc = service();
    await svc.get({ kind: 'macro', indicator: 'riesgo_pais' });
    clock += 61_000;
    await svc.get({ kind: 'macro', indicator: 'riesgo_pais' });
    expect(market.requests('/v1/finanzas/indices/riesgo-pais')).toBe(1);
  });

  it('sends one upstream request for 200 concurrent askers of the same figure', async () => {
    market.delayMs = 50;
    const svc = service();
    const all = await Promise.all(Array.from({ length: 200 }, () => svc.get({ kind: 'fx' })));
    expect(all.every((g) => g?.data.length === 7)).toBe(true);
    expect(market.requests('/v1/dolares')).toBe(1);
  });

  it('sends one upstream request across instances sharing Redis', async () => {
    market.delayMs = 100;
    const prefix = `mkt-test-${randomBytes(4).toString('hex')}:`;
    const instances = [
      service(await onRedis(prefix)),
      service(await onRedis(prefix)),
      service(await onRedis(prefix)),
    ];
    const all = await Promise.all(
      Array.from({ length: 60 }, (_, i) => instances[i % 3].get({ kind: 'fx' })),
    );
    expect(all.every((g) => g !== null)).toBe(true);
    expect(market.requests('/v1/dolares')).toBe(1);
  });

  it('uses the last good value with its own as-of when the source fails, then gives up after 24 h', async () => {
    const svc = service();
    const fresh = await svc.get({ kind: 'macro', indicator: 'inflacion_mensual' });
    market.modes.set('/v1/finanzas/indices/inflacion', 'error');
    clock += 3600_000 + 1;
    const stale = await svc.get({ kind: 'macro', indicator: 'inflacion_mensual' });
    expect(stale).toMatchObject({ stale: true, data: { value: 2.3, as_of: '2026-10-31' } });
    expect(stale?.fetched_at).toBe(fresh?.fetched_at);
    clock += LAST_GOOD_MS;
    await expect(svc.get({ kind: 'macro', indicator: 'inflacion_mensual' })).resolves.toBeNull();
  });

  it('reports a changed shape in the source health, and never throws', async () => {
    market.modes.set('/v1/dolares', 'changed');
    const svc = service();
    await expect(svc.get({ kind: 'fx' })).resolves.toBeNull();
    expect(svc.sourceStatuses().dolarapi).toMatchObject({
      status: 'unhealthy',
      last_error: expect.stringMatching(/^shape: /),
    });
  });

  it('gives up on a hanging source after the timeout', async () => {
    market.modes.set('/v1/dolares', 'hang');
    const t0 = Date.now();
    await expect(service().get({ kind: 'fx' })).resolves.toBeNull();
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('opens the circuit after repeated failures and stops calling the source', async () => {
    market.modes.set('/v1/dolares', 'error');
    const svc = service();
    for (let i = 0; i < 3; i++) await svc.get({ kind: 'fx' });
    expect(svc.sourceStatuses().dolarapi.circuit).toBe('open');
    const before = market.requests('/v1/dolares');
    await svc.get({ kind: 'fx' });
    expect(market.requests('/v1/dolares')).toBe(before);
  });
});
