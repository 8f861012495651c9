/**
 * Characters that could open or close a tag, or end a line inside a JSON string, as the model
 * might read them: `<`, `>`, `&`, the Unicode line separators and the angle-bracket lookalikes.
 * Escaping them as `\uXXXX` keeps the JSON identical once parsed, while no user text can ever
 * spell `</datos>` (nested, entity-encoded or in lookalike brackets) inside the block.
 */
const UNSAFE =
  /[<>&\u2028\u2029\u2039\u203a\u2329\u232a\u27e8\u27e9\u3008\u3009\ufe64\ufe65\uff1c\uff1e]/g;

/** JSON with every tag-like character escaped, for data blocks the model must read as data. */
export function encodeData(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Applies `fn` to every string inside `value` (object keys are fixed by the code, not users). */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapStrings(v as unknown, fn)]),
    ) as T;
  }
  return value;
}
