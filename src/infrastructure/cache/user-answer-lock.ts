import { AnswerLock } from '../../modules/chat/answer-lock';
import type { KeyLock } from './key-lock';

/** The user's answer-lock key (also taken by the Redis admission script). */
export const answerLockKey = (userId: string): string => `gen:${userId}`;

/** The answer lock as one key per user on the shared locks. */
export class UserAnswerLock extends AnswerLock {
  constructor(private readonly locks: KeyLock) {
    super();
  }

  acquire(userId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.locks.acquire(answerLockKey(userId), owner, ttlMs);
  }

  release(userId: string, owner: string): Promise<void> {
    return this.locks.release(answerLockKey(userId), owner);
  }
}
