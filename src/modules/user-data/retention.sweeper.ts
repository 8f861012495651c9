import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ErasureService } from './erasure.service';
import { RealtimeTrail } from './erasure-ports';
import { ExclusiveRunner, UserDataStore } from './user-data-store';

const DAY_MS = 86_400_000;
/** Conversations deleted per transaction: each one short, whatever the backlog. */
export const RETENTION_BATCH = 100;

export interface SweepResult {
  /** False when another instance was sweeping. */
  ran: boolean;
  conversations: number;
  messages: number;
  batches: number;
}

/**
 * RETENTION_DAYS: conversations whose last message is older are deleted, with everything
 * derived from them, by a periodic sweep that runs on one instance at a time.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionSweeper');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: UserDataStore,
    private readonly exclusive: ExclusiveRunner,
    private readonly erasure: ErasureService,
    private readonly trail: RealtimeTrail,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.trust.retentionDays <= 0) return;
    this.timer = setInterval(
      () => void this.sweepSafely(),
      this.config.trust.retentionSweepIntervalMs,
    );
    this.timer.unref();
    setTimeout(() => void this.sweepSafely(), 5000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async sweepSafely(): Promise<void> {
    try {
      await this.sweep();
    } catch (err) {
      this.logger.warn(`retention sweep failed: ${err instanceof Error ? err.message : 'error'}`);
    }
  }

  async sweep(now = new Date(), batchSize = RETENTION_BATCH): Promise<SweepResult> {
    const days = this.config.trust.retentionDays;
    const idle: SweepResult = { ran: false, conversations: 0, messages: 0, batches: 0 };
    if (days <= 0) return idle;
    const before = new Date(now.getTime() - days * DAY_MS);
    const result = await this.exclusive.runExclusive('retention-sweep', async () => {
      const done: SweepResult = { ran: true, conversations: 0, messages: 0, batches: 0 };
      for (;;) {
        const batch = await this.store.expiredConversations(before, batchSize);
        if (batch.length === 0) break;
        done.messages += await this.store.deleteConversations(batch.map((c) => c.id));
        done.conversations += batch.length;
        done.batches++;
        await this.erasure.afterExpiry(batch);
        if (batch.length < batchSize) break;
      }
      await this.trail.trimBefore(before);
      return done;
    });
    if (!result) return idle;
    if (result.conversations > 0) {
      this.logger.log(
        { conversations: result.conversations, messages: result.messages, batches: result.batches },
        'retention sweep deleted expired conversations',
      );
    }
    return result;
  }
}
