import type { z } from 'zod';
import { SourceShapeError, SourceUnavailableError } from '../../modules/market/market-source';

/**
 * GETs a source's JSON and validates it against the schema pinned for that path. A changed
 * shape is a SourceShapeError naming the first offending field (never the body: it is not ours
 * to log).
 */
export async function fetchJson<T>(
  url: string,
  schema: z.ZodType<T>,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json', ...headers }, signal });
  } catch (err) {
    if (signal.aborted) throw new SourceUnavailableError('timed out');
    throw new SourceUnavailableError(
      `unreachable (${err instanceof Error ? err.message : 'error'})`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceUnavailableError(`status ${res.status}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    if (signal.aborted) throw new SourceUnavailableError('timed out');
    throw new SourceShapeError('body is not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new SourceShapeError(`unexpected shape at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A list that came back empty holds no figure: the source failed to give one. */
export function nonEmpty<T>(items: T[], what: string): T[] {
  if (items.length === 0) throw new SourceShapeError(`${what}: empty list`);
  return items;
}
