import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { HotCache, LIST_VERSION_TTL_S } from '../../src/infrastructure/cache/hot-cache';
import { MemoryHotCache } from '../../src/infrastructure/cache/memory-hot-cache';
import { RedisHotCache } from '../../src/infrastructure/cache/redis-hot-cache';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import { RedisGate } from '../../src/infrastructure/redis/redis-gate';
import type { NewMessage } from '../../src/modules/memory/memory.service';
import { TEST_REDIS_URL } from '../support/config';
import { PausableMessageStore } from '../support/unit/in-memory-message-store';
import { newTestMemoryService } from '../support/unit/new-test-memory-service';

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

/** The list, or null on a miss. */
async function list(cache: HotCache, key: string, versionKey = 'v'): Promise<unknown[] | null> {
  const r = await cache.readList(key, versionKey);
  return r.hit ? r.items : null;
}

/** A miss refilled with `items`, as the memory service does when nothing changed meanwhile. */
async function fill(cache: HotCache, key: string, items: unknown[], versionKey = 'v') {
  const r = await cache.readList(key, versionKey);
  if (r.hit || r.version === null) throw new Error(`expected a miss of ${key}`);
  expect(await cache.refillList(key, versionKey, r.version, items, 60)).toBe(true);
}

/** A miss whose refill is held: returns the version it read, as a read in flight has. */
async function miss(cache: HotCache, key: string, versionKey = 'v'): Promise<string> {
  const r = await cache.readList(key, versionKey);
  if (r.hit || r.version === null) throw new Error(`expected a miss of ${key}`);
  return r.version;
}

async function ready(client: Redis): Promise<void> {
  // Without an offline queue, commands sent before the connection is ready fail soft.
  if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
}

describe.each(makers)('%s', (_name, make) => {
  let cache: HotCache;
  beforeAll(async () => {
    cache = make();
    if (cache instanceof RedisHotCache) await ready(clients[clients.length - 1]);
  });

  it('answers a miss for an absent list, and does not create one on append', async () => {
    expect(await list(cache, 'absent')).toBeNull();
    await cache.appendToLists('v', ['absent'], [1], 10, 60);
    expect(await list(cache, 'absent')).toBeNull();
  });

  it('caches an empty list as empty (not absent)', async () => {
    await fill(cache, 'empty', []);
    expect(await list(cache, 'empty')).toEqual([]);
    await cache.appendToLists('v', ['empty'], [{ a: 1 }], 10, 60);
    expect(await list(cache, 'empty')).toEqual([{ a: 1 }]);
  });

  it('appends to an existing list and keeps only the newest maxLen items', async () => {
    await fill(cache, 'l', [1, 2, 3]);
    await cache.appendToLists('v', ['l'], [4, 5], 4, 60);
    expect(await list(cache, 'l')).toEqual([2, 3, 4, 5]);
    await cache.appendToLists('v', ['l'], [6], 4, 60);
    expect(await list(cache, 'l')).toEqual([3, 4, 5, 6]);
  });

  it('appends to several lists at once, only to those that exist', async () => {
    await fill(cache, 'm1', [1]);
    await fill(cache, 'm3', []);
    await cache.appendToLists('v', ['m1', 'm2', 'm3'], [7], 10, 60);
    expect(await list(cache, 'm1')).toEqual([1, 7]);
    expect(await list(cache, 'm2')).toBeNull();
    expect(await list(cache, 'm3')).toEqual([7]);
  });

  it('drops lists', async () => {
    await fill(cache, 'd1', [1]);
    await fill(cache, 'd2', [2]);
    await cache.dropLists('v', ['d1', 'd2', 'never']);
    expect(await list(cache, 'd1')).toBeNull();
    expect(await list(cache, 'd2')).toBeNull();
  });

  it('stores JSON values and deletes keys', async () => {
    await cache.setJson('j', { x: [1, 'dos'] }, 60);
    expect(await cache.getJson('j')).toEqual({ x: [1, 'dos'] });
    await cache.del('j', 'l');
    expect(await cache.getJson('j')).toBeNull();
    expect(await list(cache, 'l')).toBeNull();
  });

  it('answers ping', async () => {
    expect(await cache.ping()).toBe(true);
  });

  describe('refills (compare-and-set on the group’s version)', () => {
    it('answers the same version to misses while nothing changes, and writes the refill', async () => {
      const v1 = await miss(cache, 'r1', 'g1');
      expect(await miss(cache, 'r1', 'g1')).toBe(v1);
      expect(await cache.refillList('r1', 'g1', v1, [1, 2], 60)).toBe(true);
      expect(await cache.readList('r1', 'g1')).toEqual({ hit: true, items: [1, 2] });
    });

    it('refuses a refill after an append to the group, even to a list that was absent', async () => {
      const version = await miss(cache, 'r2', 'g2');
      // The read of the source happens here; meanwhile a message is stored and appended.
      await cache.appendToLists('g2', ['r2', 'other-list-of-g2'], [3], 10, 60);
      expect(await cache.refillList('r2', 'g2', version, [1, 2], 60)).toBe(false);
      expect(await list(cache, 'r2', 'g2')).toBeNull();
      // A new miss gets a new version, and its refill (read after the append) is written.
      expect(await miss(cache, 'r2', 'g2')).not.toBe(version);
      await fill(cache, 'r2', [1, 2, 3], 'g2');
      expect(await list(cache, 'r2', 'g2')).toEqual([1, 2, 3]);
    });

    it('refuses a refill after a drop in the group (a deletion): nothing deleted comes back', async () => {
      const version = await miss(cache, 'r3', 'g3');
      await cache.dropLists('g3', ['r3', 'another-list-of-g3']);
      expect(await cache.refillList('r3', 'g3', version, ['secreto'], 60)).toBe(false);
      expect(await list(cache, 'r3', 'g3')).toBeNull();
    });

    it('refuses it after a drop that named other lists of the group only', async () => {
      const version = await miss(cache, 'r4', 'g4');
      await cache.dropLists('g4', ['not-r4']);
      expect(await cache.refillList('r4', 'g4', version, ['secreto'], 60)).toBe(false);
    });

    it('is not refused by changes of another group', async () => {
      const version = await miss(cache, 'r5', 'g5');
      await cache.appendToLists('g5-other', ['x'], [1], 10, 60);
      await cache.dropLists('g5-other', ['y']);
      expect(await cache.refillList('r5', 'g5', version, [1], 60)).toBe(true);
    });

    it('refuses it when the version expired or was evicted meanwhile (no A-B-A)', async () => {
      const version = await miss(cache, 'r6', 'g6');
      await cache.appendToLists('g6', [], [1], 10, 60);
      await cache.del('g6'); // as when it expires
      expect(await cache.refillList('r6', 'g6', version, [1], 60)).toBe(false);
      const next = await miss(cache, 'r6', 'g6');
      expect(next).not.toBe(version);
      expect(await cache.refillList('r6', 'g6', next, [1], 60)).toBe(true);
    });

    it('refuses the older of two refills in flight when a change came between their misses', async () => {
      const older = await miss(cache, 'r7', 'g7');
      await cache.appendToLists('g7', ['r7'], ['b'], 10, 60);
      const newer = await miss(cache, 'r7', 'g7');
      expect(await cache.refillList('r7', 'g7', newer, ['a', 'b'], 60)).toBe(true);
      expect(await cache.refillList('r7', 'g7', older, ['a'], 60)).toBe(false);
      expect(await list(cache, 'r7', 'g7')).toEqual(['a', 'b']);
    });
  });
});

describe('RedisHotCache: two instances sharing one Redis', () => {
  let a: RedisHotCache;
  let b: RedisHotCache;
  let raw: Redis;
  beforeAll(async () => {
    const prefix = `hc-test-${randomBytes(4).toString('hex')}:`;
    const ca = createRedisClient(TEST_REDIS_URL, prefix);
    const cb = createRedisClient(TEST_REDIS_URL, prefix);
    clients.push(ca, cb);
    await Promise.all([ready(ca), ready(cb)]);
    a = new RedisHotCache(ca);
    b = new RedisHotCache(cb);
    raw = ca;
  });

  it('refuses a refill on one instance after an append on the other', async () => {
    const version = await miss(a, 'conv', 'user');
    await b.appendToLists('user', ['conv'], ['b'], 10, 60);
    expect(await a.refillList('conv', 'user', version, ['a'], 60)).toBe(false);
    await fill(b, 'conv', ['a', 'b'], 'user');
    expect(await list(a, 'conv', 'user')).toEqual(['a', 'b']);
  });

  it('refuses a refill on one instance after a deletion on the other', async () => {
    const version = await miss(a, 'mine', 'erased');
    await b.dropLists('erased', ['mine']);
    expect(await a.refillList('mine', 'erased', version, ['secreto'], 60)).toBe(false);
    expect(await raw.exists('mine')).toBe(0);
  });

  it('gives versions that differ between instances (each its own id)', async () => {
    const fromA = await miss(a, 'x1', 'vA');
    const fromB = await miss(b, 'x2', 'vB');
    expect(fromA).not.toBe(fromB);
    expect(fromA.split(':')[0]).not.toBe(fromB.split(':')[0]);
  });

  it('keeps a version key only for a while (LIST_VERSION_TTL_S), and the list with its TTL', async () => {
    await fill(a, 'ttl-list', [1], 'ttl-group');
    const versionTtl = await raw.ttl('ttl-group');
    expect(versionTtl).toBeGreaterThan(0);
    expect(versionTtl).toBeLessThanOrEqual(LIST_VERSION_TTL_S);
    expect(await raw.ttl('ttl-list')).toBeGreaterThan(0);
    await b.appendToLists('ttl-group', ['ttl-list'], [2], 10, 60);
    expect(await raw.ttl('ttl-group')).toBeGreaterThan(0);
    await b.dropLists('ttl-group', ['ttl-list']);
    expect(await raw.ttl('ttl-group')).toBeGreaterThan(0);
  });

  it('costs one command on a hit (LRANGE), one more on a miss (the version), one per refill', async () => {
    const sent = jest.spyOn(raw, 'sendCommand');
    // A script goes as EVAL the first time on a connection, as EVALSHA after: one command.
    const names = () => sent.mock.calls.map(([c]) => c.name.replace(/^evalsha$/, 'eval'));
    const version = await miss(a, 'rt', 'rt-group');
    expect(names()).toEqual(['lrange', 'eval']);
    sent.mockClear();
    expect(await a.refillList('rt', 'rt-group', version, [1], 60)).toBe(true);
    expect(names()).toEqual(['eval']);
    sent.mockClear();
    expect(await list(a, 'rt', 'rt-group')).toEqual([1]);
    expect(names()).toEqual(['lrange']);
    sent.mockClear();
    await a.appendToLists('rt-group', ['rt'], [2], 10, 60);
    expect(names()).toEqual(['eval']);
    sent.mockRestore();
  });

  it('writes a refill of 1,500 items in one step (beyond one RPUSH of the script)', async () => {
    const items = Array.from({ length: 1500 }, (_, i) => i);
    await fill(a, 'big', items, 'big-group');
    expect(await list(b, 'big', 'big-group')).toEqual(items);
  });
});

describe('RedisHotCache with Redis unreachable', () => {
  it('fails soft: misses without a version, refuses refills, no-ops, ping false, within a bounded time', async () => {
    const c = createRedisClient('redis://127.0.0.1:1', 'x:');
    const cache = new RedisHotCache(c);
    const t0 = Date.now();
    expect(await cache.readList('k', 'v')).toEqual({ hit: false, version: null });
    expect(await cache.refillList('k', 'v', 'any', [1], 60)).toBe(false);
    await cache.appendToLists('v', ['k'], [1], 10, 60);
    await cache.dropLists('v', ['k']);
    expect(await cache.getJson('k')).toBeNull();
    expect(await cache.ping()).toBe(false);
    expect(Date.now() - t0).toBeLessThan(3000);
    c.disconnect();
  });
});

describe('RedisHotCache after a failed change', () => {
  async function setup() {
    const prefix = `hc-test-${randomBytes(4).toString('hex')}:`;
    const c = createRedisClient(TEST_REDIS_URL, prefix);
    clients.push(c);
    await ready(c);
    const gate = new RedisGate();
    const cache = new RedisHotCache(c, gate);
    const reopen = () => ((gate as unknown as { closedUntil: number }).closedUntil = 0);
    return { c, gate, cache, reopen };
  }

  it('drops the list it could not append to, so it is refilled instead of served without the message', async () => {
    const { c, gate, cache, reopen } = await setup();
    await fill(cache, 'conv', [1, 2]);
    // A read of another list of the group is in flight (it missed before message 3 was stored).
    const inFlight = await miss(cache, 'user');
    // Redis fails (the gate closes): the append of message 3 is lost.
    gate.failed(new Error('Command timed out'));
    await cache.appendToLists('v', ['conv', 'user'], [3], 10, 60);
    expect(await c.lrange('conv', 0, -1)).toHaveLength(3);
    // Redis is back: the list is dropped before the next command, never served as [1, 2] ...
    reopen();
    expect(await cache.refillList('user', 'v', inFlight, [1, 2], 60)).toBe(false);
    expect(await list(cache, 'conv')).toBeNull();
    expect(await c.exists('conv')).toBe(0);
    // ... and the refill in flight, read before the message, is refused.
    expect(await list(cache, 'user')).toBeNull();
    // Refilled from the database, it is cached again.
    await fill(cache, 'conv', [1, 2, 3]);
    expect(await list(cache, 'conv')).toEqual([1, 2, 3]);
  });

  it('drops the lists a failed drop missed, and refuses refills in flight', async () => {
    const { c, gate, cache, reopen } = await setup();
    await fill(cache, 'conv', ['secreto']);
    const inFlight = await miss(cache, 'user');
    gate.failed(new Error('Command timed out'));
    await cache.dropLists('v', ['conv', 'user']);
    expect(await c.exists('conv')).toBe(1);
    reopen();
    expect(await cache.refillList('user', 'v', inFlight, ['secreto'], 60)).toBe(false);
    expect(await c.exists('conv')).toBe(0);
    expect(await list(cache, 'conv')).toBeNull();
    expect(await list(cache, 'user')).toBeNull();
  });
});

describe('MemoryService on two instances sharing one Redis (and one database)', () => {
  async function twoInstances() {
    const prefix = `hc-test-${randomBytes(4).toString('hex')}:`;
    const [ca, cb] = [
      createRedisClient(TEST_REDIS_URL, prefix),
      createRedisClient(TEST_REDIS_URL, prefix),
    ];
    clients.push(ca, cb);
    await Promise.all([ready(ca), ready(cb)]);
    const store = new PausableMessageStore();
    const a = newTestMemoryService({ store, cache: new RedisHotCache(ca) }).memory;
    const b = newTestMemoryService({ store, cache: new RedisHotCache(cb) }).memory;
    return { a, b, store };
  }
  const msg = (content: string): NewMessage => ({
    conversation_id: 'c1',
    user_id: 'u1',
    role: 'user',
    content,
    sentiment: null,
    prompt_tokens: null,
    completion_tokens: null,
    model: null,
    finish_reason: null,
    client_message_id: null,
    reply_to: null,
  });
  const contents = (page: { content: string }[]) => page.map((m) => m.content);

  it('keeps a message appended on B while A refills the window', async () => {
    const { a, b, store } = await twoInstances();
    await a.append(msg('a'));
    const held = store.holdNextList();
    const reading = a.history('u1', { limit: 10 });
    await held.reached;
    await b.append(msg('b'));
    held.release();
    await reading;
    expect(contents(await a.history('u1', { limit: 10 }))).toEqual(['a', 'b']);
    await b.append(msg('c'));
    expect(contents(await a.history('u1', { limit: 10 }))).toEqual(['a', 'b', 'c']);
  });

  it('never brings back on A what B deleted while A refilled the window', async () => {
    const { a, b, store } = await twoInstances();
    await a.append(msg('secreto'));
    const held = store.holdNextList();
    const reading = a.history('u1', { limit: 10, conversationId: 'c1' });
    await held.reached;
    await b.deleteHistory('u1', 'c1');
    held.release();
    await reading;
    expect(await a.history('u1', { limit: 10, conversationId: 'c1' })).toEqual([]);
    expect(await b.history('u1', { limit: 10 })).toEqual([]);
  });
});
