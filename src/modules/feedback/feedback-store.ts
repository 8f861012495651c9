import type { MessageFeedback } from '../../infrastructure/database/records';

/** Port: the rating kept on each assistant message. */
export abstract class FeedbackStore {
  /**
   * Sets (or replaces) the rating of an assistant message of this user. Returns the message's
   * conversation, or null when the user has no such assistant message.
   */
  abstract rate(
    userId: string,
    messageId: string,
    feedback: MessageFeedback,
  ): Promise<{ conversation_id: string } | null>;
}
