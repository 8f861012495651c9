/** Error codes shared by every door (REST, SSE, Socket.IO, plain WebSocket). */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'busy'
  | 'assistant_unavailable'
  | 'storage_unavailable'
  | 'internal_error';

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  quota_exceeded: 429,
  busy: 409,
  assistant_unavailable: 503,
  storage_unavailable: 503,
  internal_error: 500,
};

/** A domain error: carries a code; the filters turn it into each door's shape. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { retryAfterS?: number; cause?: unknown },
  ) {
    super(message);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}
