import type { Duplex } from 'node:stream';

const STATUS_REASON = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
} as const;

/**
 * Answers a refused upgrade with a plain HTTP status, before any WebSocket exists, and closes
 * the connection once the answer is written (a socket only ended would linger half-closed).
 */
export function rejectUpgrade(
  socket: Duplex,
  status: keyof typeof STATUS_REASON,
  retryAfterS?: number,
): void {
  const extra = retryAfterS ? `Retry-After: ${retryAfterS}\r\n` : '';
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_REASON[status]}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`,
  );
}

/** Errors on a connection being refused or torn down concern that client alone. */
export function ignoreSocketError(): void {}
