/** Where an HTTP upgrade request is headed, decided without ever throwing. */
export type UpgradeTarget =
  | { kind: 'socket.io' }
  | { kind: 'chat'; url: URL; pathUser: string }
  | { kind: 'invalid' }
  | { kind: 'unknown' };

const CHAT_PATH = /^\/ws\/chat\/([^/?#]+)\/?$/;

/**
 * Classifies the raw request target. Socket.IO's engine claims a request by the raw prefix of
 * `req.url` (not the parsed path), so the same test is used here: any request it claims is left
 * to it, and every other one gets an answer from us. Targets that do not parse (an absolute URL
 * with a broken host, a broken percent-escape in the user id) are `invalid`.
 */
export function upgradeTarget(rawUrl: string | undefined, socketIoPath: string): UpgradeTarget {
  const raw = rawUrl ?? '/';
  if (raw.startsWith(`${socketIoPath}/`)) return { kind: 'socket.io' };
  let url: URL;
  try {
    url = new URL(raw, 'http://localhost');
  } catch {
    return { kind: 'invalid' };
  }
  const match = CHAT_PATH.exec(url.pathname);
  if (!match) return { kind: 'unknown' };
  try {
    return { kind: 'chat', url, pathUser: decodeURIComponent(match[1]) };
  } catch {
    return { kind: 'invalid' };
  }
}
