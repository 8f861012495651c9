import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { HotCache } from '../../src/infrastructure/cache/hot-cache';
import { MemoryHotCache } from '../../src/infrastructure/cache/memory-hot-cache';
import { RedisHotCache } from '../../src/infrastructure/cache/redis-hot-cache';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import { RedisGate } from '../../src/infrastructure/redis/redis-gate';
import { TEST_REDIS_URL } from '../support/config';

const clients: Redis[] = [];
const makers: [string, () => HotCache][] = [
  [
    'RedisHotCache on a real Redis',
    () => {
      const c = createRedisClient(TEST_REDIS_URL, `hc-test-${randomBytes(4).toString('hex')}:`);
      clients.push(c);
      return new RedisHotCache(c);
    },
  ],
  ['MemoryHotCache', () => new MemoryHotCache()],
];

afterAll(async () => {
  for (const c of clients) {
    const keys = await c.keys(`${String(c.options.keyPrefix)}*`);
    if (keys.length) await c.del(...keys.map((k) => k.slice(String(c.options.keyPrefix).length)));
    await c.quit();
  }
});

describe.each(makers)('%s', (_name, make) => {
  let cache: HotCache;
  beforeAll(async () => {
    cache = make();
    // Without an offline queue, commands sent before the connection is ready fail soft.
    const client = clients[clients.length - 1];
    if (cache instanceof RedisHotCache && client.status !== 'ready') {
      await new Promise((r) => client.once('ready', r));
    }
  });

  it('answers null for an absent list, and does not create one on append', async () => {
    expect(await cache.getList('absent')).toBeNull();
    await cache.appendToLists(['absent'], [1], 10, 60);
    expect(await cache.getList('absent')).toBeNull();
  });

  it('caches an empty list as empty (not absent)', async () => {
    await cache.replaceList('empty', [], 60);
    expect(await cache.getList('empty')).toEqual([]);
    await cache.appendToLists(['empty'], [{ a: 1 }], 10, 60);
    expect(await cache.getList('empty')).toEqual([{ a: 1 }]);
  });

  it('appends to an existing list and keeps only the newest maxLen items', async () => {
    await cache.replaceList('l', [1, 2, 3], 60);
    await cache.appendToLists(['l'], [4, 5], 4, 60);
    expect(await cache.getList('l')).toEqual([2, 3, 4, 5]);
    await cache.appendToLists(['l'], [6], 4, 60);
    expect(await cache.getList('l')).toEqual([3, 4, 5, 6]);
  });

  it('appends to several lists at once, only to those that exist', async () => {
    await cache.replaceList('m1', [1], 60);
    await cache.replaceList('m3', [], 60);
    await cache.appendToLists(['m1', 'm2', 'm3'], [7], 10, 60);
    expect(await cache.getList('m1')).toEqual([1, 7]);
    expect(await cache.getList('m2')).toBeNull();
    expect(await cache.getList('m3')).toEqual([7]);
  });

  it('stores JSON values and deletes keys', async () => {
    await cache.setJson('j', { x: [1, 'dos'] }, 60);
    expect(await cache.getJson('j')).toEqual({ x: [1, 'dos'] });
    await cache.del('j', 'l');
    expect(await cache.getJson('j')).toBeNull();
    expect(await cache.getList('l')).toBeNull();
  });

  it('answers ping', async () => {
    expect(await cache.ping()).toBe(true);
  });
});

describe('RedisHotCache with Redis unreachable', () => {
  it('fails soft: misses and no-ops, ping false, within a bounded time', async () => {
    const c = createRedisClient('redis://127.0.0.1:1', 'x:');
    const cache = new RedisHotCache(c);
    const t0 = Date.now();
    expect(await cache.getList('k')).toBeNull();
    await cache.replaceList('k', [1], 60);
    await cache.appendToLists(['k'], [1], 10, 60);
    expect(await cache.getJson('k')).toBeNull();
    expect(await cache.ping()).toBe(false);
    expect(Date.now() - t0).toBeLessThan(3000);
    c.disconnect();
  });
});

describe('RedisHotCache after a failed append', () => {
  it('drops the list it could not append to, so it is refilled instead of served without the message', async () => {
    const prefix = `hc-test-${randomBytes(4).toString('hex')}:`;
    const c = createRedisClient(TEST_REDIS_URL, prefix);
    clients.push(c);
    if (c.status !== 'ready') await new Promise((r) => c.once('ready', r));
    const gate = new RedisGate();
    const cache = new RedisHotCache(c, gate);
    await cache.replaceList('conv', [1, 2], 60);
    // Redis fails (the gate closes): the append of message 3 is lost.
    gate.failed(new Error('Command timed out'));
    await cache.appendToLists(['conv'], [3], 10, 60);
    expect(await c.lrange('conv', 0, -1)).toHaveLength(3);
    // Redis is back: the list is dropped before the next read, never served as [1, 2].
    (gate as unknown as { closedUntil: number }).closedUntil = 0;
    expect(await cache.getList('conv')).toBeNull();
    expect(await c.exists('conv')).toBe(0);
    // Refilled from the database, it is cached again.
    await cache.replaceList('conv', [1, 2, 3], 60);
    expect(await cache.getList('conv')).toEqual([1, 2, 3]);
  });
});
