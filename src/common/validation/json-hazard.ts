import { AppError } from '../errors/app-error';

/** Far deeper than any request of the contract; far shallower than a stack overflow. */
export const MAX_JSON_DEPTH = 32;

export type JsonHazard = 'too_deep' | 'nul';

/**
 * Looks for what the validators and the database cannot take: nesting deep enough to overflow
 * the recursive validators (a 500 with a stack trace), and NUL characters, which PostgreSQL
 * refuses in text (a 503 from the store). Iterative, so any depth is safe to inspect.
 */
export function findJsonHazard(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonHazard | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return 'nul';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return 'too_deep';
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (key.includes('\u0000')) return 'nul';
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** Throws the contract's `invalid_input` (400 on HTTP) when the value holds a hazard. */
export function assertSafeJson(value: unknown): void {
  switch (findJsonHazard(value)) {
    case null:
      return;
    case 'nul':
      throw new AppError('invalid_input', 'El texto no puede contener caracteres nulos (U+0000).');
    case 'too_deep':
      throw new AppError(
        'invalid_input',
        `Los datos están anidados demasiado profundo (${MAX_JSON_DEPTH} niveles como máximo).`,
      );
  }
}
