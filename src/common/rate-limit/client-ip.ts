import type { Request } from 'express';

/**
 * The client's address. Without TRUST_PROXY the socket's peer address, so a forged
 * X-Forwarded-For changes nothing; with it, the address the trusted proxies saw (`true`: the
 * left-most entry; a hop count n: the n-th entry from the right, as Express counts hops).
 */
export function clientIp(
  forwardedFor: string | string[] | undefined,
  remoteAddress: string | undefined,
  trustProxy: boolean | number,
): string {
  const peer = remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!header) return peer;
  const hops = header
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  if (hops.length === 0) return peer;
  if (trustProxy === true) return hops[0];
  const chain = [...hops, peer];
  return chain[Math.max(0, chain.length - 1 - trustProxy)];
}

/** The client address of an HTTP request (`req.ip` honours TRUST_PROXY through Express). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
