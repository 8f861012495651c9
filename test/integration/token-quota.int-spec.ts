import { randomBytes } from 'node:crypto';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import { RedisGate } from '../../src/infrastructure/redis/redis-gate';
import { FailOpenTokenQuotaStore } from '../../src/infrastructure/quota/fail-open-token-quota.store';
import { MemoryTokenQuotaStore } from '../../src/infrastructure/quota/memory-token-quota.store';
import { RedisTokenQuotaStore } from '../../src/infrastructure/quota/redis-token-quota.store';
import { TEST_REDIS_URL } from '../support/config';

describe('token quota counters', () => {
  const prefix = `chat-test-quota-${randomBytes(4).toString('hex')}:`;
  const a = createRedisClient(TEST_REDIS_URL, prefix);
  const b = createRedisClient(TEST_REDIS_URL, prefix);

  const ready = (r: typeof a) =>
    r.status === 'ready' ? Promise.resolve() : new Promise<void>((ok) => r.once('ready', ok));
  beforeAll(async () => {
    await Promise.all([ready(a), ready(b)]);
  });

  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length) await a.del(...keys.map((k) => k.slice(prefix.length)));
    a.disconnect();
    b.disconnect();
  });

  it('are shared by two instances and stay exact under concurrent answers', async () => {
    const one = new RedisTokenQuotaStore(a);
    const two = new RedisTokenQuotaStore(b);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? one : two).add('u:1', '2026-12-07', 10, 1)),
    );
    expect(await one.read('u:1', '2026-12-07')).toEqual({ tokens: 500, messages: 50 });
    expect(await two.read('u:1', '2026-12-08')).toEqual({ tokens: 0, messages: 0 });
    // "u:1" and "u" with day "1:2026-12-07" must not meet.
    expect(await two.read('u', '1:2026-12-07')).toEqual({ tokens: 0, messages: 0 });
    expect(await a.ttl('quota:u%3A1:2026-12-07')).toBeGreaterThan(86_400);
  });

  it('fail open to counters in this process while Redis is unreachable', async () => {
    const dead = createRedisClient('redis://127.0.0.1:1/0', prefix);
    const store = new FailOpenTokenQuotaStore(
      new RedisTokenQuotaStore(dead),
      new MemoryTokenQuotaStore(),
      new RedisGate(),
    );
    await store.add('ana', '2026-12-07', 40, 1);
    await store.add('ana', '2026-12-07', 2, 1);
    expect(await store.read('ana', '2026-12-07')).toEqual({ tokens: 42, messages: 2 });
    dead.disconnect();
  });
});
