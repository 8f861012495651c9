import { Logger } from '@nestjs/common';
import { DailyUsage, TokenQuotaStore } from '../../modules/quota/token-quota.store';
import type { RedisGate } from '../redis/redis-gate';

/**
 * The shared (Redis) counters, failing open to counters in this process while Redis cannot be
 * reached, as the rate limits do: each instance then enforces the quota on its own traffic.
 */
export class FailOpenTokenQuotaStore extends TokenQuotaStore {
  private readonly logger = new Logger('TokenQuota');
  private lastWarn = 0;

  constructor(
    private readonly shared: TokenQuotaStore,
    private readonly local: TokenQuotaStore,
    private readonly gate: RedisGate,
  ) {
    super();
  }

  read(userId: string, day: string): Promise<DailyUsage> {
    return this.call((s) => s.read(userId, day));
  }

  add(userId: string, day: string, tokens: number, messages: number): Promise<DailyUsage> {
    return this.call((s) => s.add(userId, day, tokens, messages));
  }

  private async call<T>(op: (store: TokenQuotaStore) => Promise<T>): Promise<T> {
    try {
      if (!this.gate.open) throw new Error('redis paused after a failure');
      return await op(this.shared);
    } catch (err) {
      if (this.gate.open) this.gate.failed(err);
      const now = Date.now();
      if (now - this.lastWarn > 10_000) {
        this.lastWarn = now;
        this.logger.warn(
          `quota storage unreachable, counting in process: ${err instanceof Error ? err.message : 'error'}`,
        );
      }
      return op(this.local);
    }
  }
}
