import { AnswerLock } from '../../modules/chat/answer-lock';

/** The answer lock of a single instance (no REDIS_URL). */
export class MemoryAnswerLock extends AnswerLock {
  private readonly locks = new Map<string, { owner: string; until: number }>();

  acquire(userId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.locks.get(userId);
    if (held && held.until > now && held.owner !== owner) return Promise.resolve(false);
    this.locks.set(userId, { owner, until: now + ttlMs });
    return Promise.resolve(true);
  }

  release(userId: string, owner: string): Promise<void> {
    if (this.locks.get(userId)?.owner === owner) this.locks.delete(userId);
    return Promise.resolve();
  }
}
