import { AppError } from '../../common/errors/app-error';

export const busyError = (): AppError =>
  new AppError(
    'busy',
    'Ya hay una respuesta en curso. Esperá a que termine o detenela antes de enviar otra.',
  );

/**
 * What the admission step decided for a message that asks for an answer. The decision is
 * enforced only when a new answer is about to be generated: a repeated `client_message_id` is
 * answered with its first reply whatever the lock or the quota say now.
 */
export class AnswerTicket {
  private released = false;

  constructor(
    readonly userId: string,
    /** The id the answer will have; the owner of the answer lock. */
    readonly messageId: string,
    readonly lockHeld: boolean,
    private readonly refusal: AppError | null,
    private readonly unlock: (userId: string, owner: string) => Promise<void>,
  ) {}

  /** Throws why no new answer may start: the day's quota is spent, or another is in flight. */
  assertAdmitted(): void {
    if (this.refusal) throw this.refusal;
    if (!this.lockHeld) throw busyError();
  }

  /** Gives the answer lock back (once; later calls do nothing). */
  async release(): Promise<void> {
    if (this.released || !this.lockHeld) return;
    this.released = true;
    await this.unlock(this.userId, this.messageId);
  }
}
