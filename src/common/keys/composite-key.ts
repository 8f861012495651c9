/**
 * Joins parts into one cache or map key that no other list of parts can produce. Parts come
 * from user input (token subjects, client message ids) and may contain the separator, so each
 * is written as `<length>.<text>`: `("a:b", "c")` and `("a", "b:c")` stay apart.
 */
export function compositeKey(namespace: string, ...parts: string[]): string {
  return [namespace, ...parts.map(encodePart)].join(':');
}

/**
 * The prefix every key of `compositeKey(namespace, first, ...)` starts with, and no key with a
 * different first part does (the length prefix keeps `a` from matching `a:b`).
 */
export function compositeKeyPrefix(namespace: string, first: string): string {
  return `${namespace}:${encodePart(first)}:`;
}

function encodePart(part: string): string {
  return `${part.length}.${part}`;
}
