import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { LocalAdmissionStore } from '../../src/infrastructure/admission/local-admission.store';
import { RedisAdmissionStore } from '../../src/infrastructure/admission/redis-admission.store';
import { MemoryKeyLock } from '../../src/infrastructure/cache/memory-key-lock';
import { RedisKeyLock } from '../../src/infrastructure/cache/redis-key-lock';
import { UserAnswerLock } from '../../src/infrastructure/cache/user-answer-lock';
import { MemoryTokenQuotaStore } from '../../src/infrastructure/quota/memory-token-quota.store';
import { RedisTokenQuotaStore } from '../../src/infrastructure/quota/redis-token-quota.store';
import { RedisGate } from '../../src/infrastructure/redis/redis-gate';
import { createRedisClient } from '../../src/infrastructure/redis/redis.module';
import type { AnswerLock } from '../../src/modules/chat/answer-lock';
import type {
  AdmissionCheck,
  AdmissionCounts,
  AdmissionStore,
} from '../../src/modules/admission/admission-store';
import type { TokenQuotaStore } from '../../src/modules/quota/token-quota.store';
import { TEST_REDIS_URL } from '../support/config';

interface Rig {
  store: AdmissionStore;
  quota: TokenQuotaStore;
  lock: AnswerLock;
}

const clients: Redis[] = [];

async function redisRig(): Promise<Rig & { client: Redis; gate: RedisGate }> {
  const client = createRedisClient(TEST_REDIS_URL, `admit-${randomBytes(4).toString('hex')}:`);
  clients.push(client);
  if (client.status !== 'ready') await new Promise((r) => client.once('ready', r));
  const gate = new RedisGate();
  const quota = new RedisTokenQuotaStore(client);
  const lock = new UserAnswerLock(new RedisKeyLock(client, gate));
  const local = new LocalAdmissionStore(
    new MemoryTokenQuotaStore(),
    new UserAnswerLock(new MemoryKeyLock()),
  );
  return { store: new RedisAdmissionStore(client, gate, local), quota, lock, client, gate };
}

function localRig(): Rig {
  const quota = new MemoryTokenQuotaStore();
  const lock = new UserAnswerLock(new MemoryKeyLock());
  return { store: new LocalAdmissionStore(quota, lock), quota, lock };
}

afterAll(async () => {
  for (const c of clients) {
    if (c.status === 'end') continue;
    const prefix = String(c.options.keyPrefix);
    const keys = await c.keys(`${prefix}*`);
    if (keys.length) await c.del(...keys.map((k) => k.slice(prefix.length)));
    await c.quit();
  }
});

interface Ask {
  userId?: string;
  bucket?: 'chat' | 'history';
  limit?: number;
  ip?: string;
  quota?: { day: string; limit: number };
  lock?: { owner: string; ttlMs: number };
}

/** The user's window (after the IP's general window when `ip` is given), quota and lock. */
const check = ({
  userId = 'ana',
  bucket = 'chat',
  limit = 3,
  ip,
  quota,
  lock,
}: Ask = {}): AdmissionCheck => ({
  windows: [
    ...(ip ? [{ bucket: 'general' as const, tracker: ip, limit: 5 }] : []),
    { bucket, tracker: userId, limit },
  ],
  windowMs: 60_000,
  quota: quota ? { userId, ...quota } : null,
  lock: lock ? { userId, ...lock } : null,
});

/** The user's window (the last one counted). */
const userWindow = (c: AdmissionCounts) => c.windows[c.windows.length - 1];

describe.each([
  ['on a real Redis (one script)', redisRig],
  ['in process', () => Promise.resolve(localRig())],
] as const)('The admission store %s', (_name, make) => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await make();
  });

  it('counts requests per user and bucket in a window and reports when it ends', async () => {
    for (let i = 1; i <= 4; i++) {
      const c = userWindow(await rig.store.check(check()));
      expect(c.hits).toBe(i);
      expect(c.resetMs).toBeGreaterThan(0);
      expect(c.resetMs).toBeLessThanOrEqual(60_000);
    }
    expect(userWindow(await rig.store.check(check({ bucket: 'history' }))).hits).toBe(1);
    // Ids that would collide if the key were a plain join stay apart.
    expect(userWindow(await rig.store.check(check({ userId: 'ana:chat' }))).hits).toBe(1);
    expect(userWindow(await rig.store.check(check({ userId: 'bob' }))).hits).toBe(1);
  });

  it('takes the answer lock within the limit, for one owner at a time', async () => {
    const first = await rig.store.check(check({ lock: { owner: 'm1', ttlMs: 5000 } }));
    expect(first.lockHeld).toBe(true);
    const second = await rig.store.check(check({ lock: { owner: 'm2', ttlMs: 5000 } }));
    expect(second.lockHeld).toBe(false);
    await rig.lock.release('ana', 'm1');
    const third = await rig.store.check(check({ lock: { owner: 'm3', ttlMs: 5000 } }));
    expect(third.lockHeld).toBe(true);
    await rig.lock.release('ana', 'm3');
  });

  it('holds nothing for a request over the limit', async () => {
    for (let i = 0; i < 3; i++) await rig.store.check(check());
    const over = await rig.store.check(check({ lock: { owner: 'm1', ttlMs: 5000 } }));
    expect(userWindow(over).hits).toBe(4);
    expect(over.lockHeld).toBe(false);
    expect(await rig.lock.acquire('ana', 'probe', 5000)).toBe(true);
    await rig.lock.release('ana', 'probe');
  });

  it('counts the client IP’s window first, and stops at the first window over its limit', async () => {
    for (let i = 0; i < 5; i++) {
      await rig.store.check(check({ userId: `u${i}`, ip: '10.0.0.1', limit: 10 }));
    }
    const over = await rig.store.check(
      check({ userId: 'zoe', ip: '10.0.0.1', lock: { owner: 'm', ttlMs: 5000 } }),
    );
    // The IP's sixth request: refused there, so zoe's window, the quota and the lock are untouched.
    expect(over.windows).toEqual([{ hits: 6, resetMs: expect.any(Number) as number }]);
    expect(over.lockHeld).toBe(false);
    expect(userWindow(await rig.store.check(check({ userId: 'zoe' }))).hits).toBe(1);
    const other = await rig.store.check(check({ userId: 'zoe', ip: '10.0.0.2' }));
    expect(other.windows.map((w) => w.hits)).toEqual([1, 2]);
  });

  it('reads the day’s tokens and takes no lock once the quota is spent', async () => {
    const day = '2026-12-07';
    await rig.quota.add('ana', day, 90, 1);
    const under = await rig.store.check(
      check({ quota: { day, limit: 100 }, lock: { owner: 'm1', ttlMs: 5000 } }),
    );
    expect(under).toMatchObject({ tokensUsed: 90, lockHeld: true });
    await rig.lock.release('ana', 'm1');
    await rig.quota.add('ana', day, 10, 1);
    const spent = await rig.store.check(
      check({ quota: { day, limit: 100 }, lock: { owner: 'm2', ttlMs: 5000 } }),
    );
    expect(spent).toMatchObject({ tokensUsed: 100, lockHeld: false });
    // Another day's counter is another key.
    const tomorrow = await rig.store.check(
      check({ bucket: 'history', quota: { day: '2026-12-08', limit: 100 } }),
    );
    expect(tomorrow.tokensUsed).toBe(0);
  });
});

describe('The Redis admission store', () => {
  it('decides in one round trip', async () => {
    const { store, client } = await redisRig();
    const sent: string[] = [];
    const original = client.sendCommand.bind(client);
    client.sendCommand = (cmd, stream) => {
      sent.push(cmd.name);
      return original(cmd, stream);
    };
    await store.check(
      check({ quota: { day: '2026-12-07', limit: 100 }, lock: { owner: 'm', ttlMs: 1000 } }),
    );
    client.sendCommand = original;
    expect(sent.length).toBe(1);
    expect(['evalsha', 'eval']).toContain(sent[0]);
  });

  it('fails open to counting in process when Redis cannot answer, and while its gate is closed', async () => {
    const { store, client, gate } = await redisRig();
    await client.quit();
    const first = await store.check(check({ lock: { owner: 'm1', ttlMs: 5000 } }));
    expect(first).toMatchObject({ windows: [{ hits: 1 }], lockHeld: true });
    expect(gate.open).toBe(false);
    // Still limited, on this instance's own counters.
    await store.check(check());
    await store.check(check());
    expect(userWindow(await store.check(check())).hits).toBe(4);
  });
});
