import { Injectable, Logger } from '@nestjs/common';

const PAUSE_MS = 5000;

/**
 * Stops sending commands to a Redis that just failed or timed out, for a few seconds. A Redis
 * that accepts connections but never answers would otherwise cost every command its full
 * timeout; with the gate, one request pays it and the others fail fast to their fallbacks.
 */
@Injectable()
export class RedisGate {
  private readonly logger = new Logger('RedisGate');
  private closedUntil = 0;

  get open(): boolean {
    return Date.now() >= this.closedUntil;
  }

  failed(err: unknown): void {
    const wasOpen = this.open;
    this.closedUntil = Date.now() + PAUSE_MS;
    if (wasOpen) {
      this.logger.warn(
        `Redis unavailable (${err instanceof Error ? err.message : 'error'}); using fallbacks for ${PAUSE_MS / 1000}s`,
      );
    }
  }
}
