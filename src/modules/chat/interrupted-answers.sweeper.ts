import { answerDeadlineMs } from '../admission/answer-deadline';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { MemoryService } from '../memory/memory.service';

/** The marker's id is derived from the question's, so instances sweeping together agree. */
export function interruptedMarkerId(userMessageId: string): string {
  const h = createHash('sha1').update(`interrupted:${userMessageId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An answer is written once, when it ends, so a process killed mid-answer leaves nothing
 * half-written: only a question without a reply. This sweep, at start-up and then periodically,
 * marks such questions (older than any answer could take) with an empty assistant message whose
 * finish_reason is "error", so history shows the answer was interrupted.
 */
@Injectable()
export class InterruptedAnswersSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InterruptedAnswersSweeper');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly memory: MemoryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(answerDeadlineMs(this.config), 60_000);
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
    setTimeout(() => void this.sweep(), 1000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const before = new Date(Date.now() - answerDeadlineMs(this.config));
      return await this.memory.markInterrupted(before, interruptedMarkerId);
    } catch (err) {
      this.logger.warn(
        `sweep for interrupted answers failed: ${err instanceof Error ? err.message : 'error'}`,
      );
      return 0;
    }
  }
}
