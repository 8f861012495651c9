/**
 * Port: the Socket.IO recovery stream shared by instances (Redis), which holds recent events,
 * answer chunks included, for clients that reconnect.
 */
export abstract class RealtimeTrail {
  /** Removes every event addressed to the user; returns how many. */
  abstract eraseUser(userId: string): Promise<number>;
  /** Removes every event older than `before`. */
  abstract trimBefore(before: Date): Promise<void>;
}

/** Port: tells every instance that a user's data was erased (each drops what it keeps). */
export abstract class ErasureChannel {
  abstract publish(userId: string): Promise<void>;
  abstract subscribe(handler: (userId: string) => void): void;
  close(): Promise<void> {
    return Promise.resolve();
  }
}
