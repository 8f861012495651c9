import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { ErasureChannel } from '../../modules/user-data/erasure-ports';

/**
 * Redis pub/sub between instances. Each message names its sender, which ignores its own (it
 * already dropped what it keeps before publishing).
 */
export class RedisErasureChannel extends ErasureChannel {
  private readonly logger = new Logger('RedisErasureChannel');
  private readonly instance = randomUUID();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    super();
    // Pub/sub channels do not get ioredis' key prefix: add it so deployments stay apart.
    this.channel = `${keyPrefix}erasure`;
  }

  async publish(userId: string): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify({ from: this.instance, userId }));
  }

  subscribe(handler: (userId: string) => void): void {
    // Its own connection (a subscribed one can do nothing else), queueing until connected.
    const sub = (this.subscriber ??= this.redis.duplicate({ enableOfflineQueue: true }));
    sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      try {
        const m = JSON.parse(raw) as { from?: unknown; userId?: unknown };
        if (m.from !== this.instance && typeof m.userId === 'string') handler(m.userId);
      } catch {
        // Not ours.
      }
    });
    sub.on('error', (err: Error) => this.logger.warn(`erasure channel: ${err.message}`));
    sub.subscribe(this.channel).catch((err: unknown) => {
      this.logger.warn(
        `erasure channel subscription failed: ${err instanceof Error ? err.message : 'error'}`,
      );
    });
  }

  override async close(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}

/** One instance (no Redis): nobody else to tell. */
export class LocalErasureChannel extends ErasureChannel {
  publish(): Promise<void> {
    return Promise.resolve();
  }
  subscribe(): void {}
}
