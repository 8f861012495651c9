import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { AnswerLock } from '../../src/modules/chat/answer-lock';
import { MemoryKeyLock } from '../../src/infrastructure/cache/memory-key-lock';
import { RedisKeyLock } from '../../src/infrastructure/cache/redis-key-lock';
import { UserAnswerLock } from '../../src/infrastructure/cache/user-answer-lock';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import { TEST_REDIS_URL } from '../support/config';

const clients: Redis[] = [];
const makers: [string, () => AnswerLock][] = [
  [
    'The answer lock on a real Redis',
    () => {
      const c = createRedisClient(TEST_REDIS_URL, `lock-test-${randomBytes(4).toString('hex')}:`);
      clients.push(c);
      return new UserAnswerLock(new RedisKeyLock(c));
    },
  ],
  ['The answer lock in process', () => new UserAnswerLock(new MemoryKeyLock())],
];

afterAll(async () => {
  for (const c of clients) {
    const keys = await c.keys(`${String(c.options.keyPrefix)}*`);
    if (keys.length) await c.del(...keys.map((k) => k.slice(String(c.options.keyPrefix).length)));
    await c.quit();
  }
});

describe.each(makers)('%s', (_name, make) => {
  let lock: AnswerLock;
  beforeAll(async () => {
    lock = make();
    // Without an offline queue, commands sent before the connection is ready fail open.
    const client = clients[clients.length - 1];
    if (client && client.status !== 'ready') {
      await new Promise((r) => client.once('ready', r));
    }
  });

  it('grants a lock to one owner at a time and releases it only for its owner', async () => {
    expect(await lock.acquire('u1', 'a', 5000)).toBe(true);
    expect(await lock.acquire('u1', 'b', 5000)).toBe(false);
    await lock.release('u1', 'b');
    expect(await lock.acquire('u1', 'b', 5000)).toBe(false);
    await lock.release('u1', 'a');
    expect(await lock.acquire('u1', 'b', 5000)).toBe(true);
    await lock.release('u1', 'b');
  });

  it('keeps users apart', async () => {
    expect(await lock.acquire('u2', 'a', 5000)).toBe(true);
    expect(await lock.acquire('u3', 'b', 5000)).toBe(true);
    await lock.release('u2', 'a');
    await lock.release('u3', 'b');
  });
});

describe('RedisKeyLock with Redis unreachable', () => {
  it('fails open: the lock is granted, within a bounded time', async () => {
    const c = createRedisClient('redis://127.0.0.1:1', 'x:');
    const t0 = Date.now();
    expect(await new RedisKeyLock(c).acquire('u', 'a', 5000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);
    c.disconnect();
  });
});
