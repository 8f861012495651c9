import { Injectable } from '@nestjs/common';

interface Generation {
  messageId: string;
  controller: AbortController;
}

/** The answers being generated in this process: one per user, stoppable by message id. */
@Injectable()
export class GenerationRegistry {
  private readonly byUser = new Map<string, Generation>();

  isBusy(userId: string): boolean {
    return this.byUser.has(userId);
  }

  start(userId: string, messageId: string, controller: AbortController): void {
    this.byUser.set(userId, { messageId, controller });
  }

  finish(userId: string, messageId: string): void {
    if (this.byUser.get(userId)?.messageId === messageId) this.byUser.delete(userId);
  }

  /** Aborts the user's answer in flight (only that one when `messageId` is given). */
  stop(userId: string, messageId?: string): string | null {
    const g = this.byUser.get(userId);
    if (!g || (messageId !== undefined && g.messageId !== messageId)) return null;
    g.controller.abort();
    return g.messageId;
  }

  /** Every answer in flight (graceful shutdown). */
  all(): string[] {
    return [...this.byUser.values()].map((g) => g.messageId);
  }

  abortAll(): void {
    for (const g of this.byUser.values()) g.controller.abort();
  }
}
