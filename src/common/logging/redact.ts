/** Replaces secrets carried in query strings (`?token=...`) before a URL reaches a log line. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/([?&](?:token|access_token|auth|jwt|api_key|key)=)[^&#]*/gi, '$1[REDACTED]');
}
