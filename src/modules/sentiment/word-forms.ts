/** Spelling variants people type: doubled letters, size suffixes. */

/** Length of an "-azo(s)/-aza(s)" or "-ito(s)/-ita(s)" ending, or 0. */
export function sizeSuffix(token: string): number {
  const n = token.length;
  if (n < 6) return 0;
  let end = n;
  if (token.charCodeAt(end - 1) === 115) end--; // plural "s"
  const last = token.charCodeAt(end - 1);
  if (last !== 111 && last !== 97) return 0; // "o" / "a"
  const mid = token.slice(end - 3, end - 1);
  return mid === 'az' || mid === 'it' ? n - end + 3 : 0;
}

/** Whether any letter is immediately repeated. */
export function hasDouble(token: string): boolean {
  for (let i = 1; i < token.length; i++) {
    if (token.charCodeAt(i) === token.charCodeAt(i - 1)) return true;
  }
  return false;
}

/** "buenoo" -> "bueno"; also "llorar" -> "lorar", which is why both sides are squeezed. */
export function squeeze(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    if (i === 0 || token.charCodeAt(i) !== token.charCodeAt(i - 1)) out += token[i];
  }
  return out;
}
