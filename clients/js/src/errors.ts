import type { ErrorEvent } from './types';

/**
 * What went wrong, as a closed set an app can switch over. The server's codes, plus two that only
 * a client sees: `timeout` (no ack in time) and `disconnected` (the connection went away, or was
 * closed by `disconnect()`, before the answer finished).
 */
export type ChatErrorCode =
  | 'rate_limited'
  | 'quota_exceeded'
  | 'unauthorized'
  | 'forbidden'
  | 'busy'
  | 'invalid_input'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'assistant_unavailable'
  | 'storage_unavailable'
  | 'internal_error'
  | 'timeout'
  | 'disconnected';

const KNOWN: ReadonlySet<string> = new Set<ChatErrorCode>([
  'rate_limited',
  'quota_exceeded',
  'unauthorized',
  'forbidden',
  'busy',
  'invalid_input',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'assistant_unavailable',
  'storage_unavailable',
  'internal_error',
  'timeout',
  'disconnected',
]);

export class ChatError extends Error {
  override readonly name = 'ChatError';

  constructor(
    readonly code: ChatErrorCode,
    message: string,
    /** Seconds to wait before trying again (rate limits, the daily quota). */
    readonly retryAfter?: number,
    /** The HTTP status, for errors of the REST client. */
    readonly status?: number,
  ) {
    super(message);
    // Keeps `instanceof ChatError` working when the SDK is compiled down for older runtimes.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** From a socket `error` event or a failed ack. Unknown codes (a newer server) are internal. */
  static fromEvent(e: ErrorEvent): ChatError {
    const code = KNOWN.has(e.code) ? (e.code as ChatErrorCode) : 'internal_error';
    return new ChatError(code, e.message, e.retry_after);
  }
}

export const isChatError = (err: unknown): err is ChatError => err instanceof ChatError;

/** socket.io-client's own failures (ack timeout, dropped connection) as typed errors. */
export function fromSocketError(err: unknown): ChatError {
  if (err instanceof ChatError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/timed out/i.test(message))
    return new ChatError('timeout', 'The server did not answer in time');
  return new ChatError('disconnected', message || 'Disconnected');
}
