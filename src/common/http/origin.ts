/**
 * Browsers send an Origin on WebSocket upgrades and CORS does not apply to them, so the
 * CORS_ORIGINS allow-list is checked at the handshake. Clients that send no Origin (mobile
 * apps, servers) pass: the token still decides who they are.
 */
export function originAllowed(allowed: string[] | true, origin: string | undefined): boolean {
  return allowed === true || origin === undefined || allowed.includes(origin);
}
