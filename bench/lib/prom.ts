/** Reads a Prometheus text exposition into `series → value` (series keeps its labels). */
export function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    if (sp < 0) continue;
    const value = Number(line.slice(sp + 1));
    if (!Number.isNaN(value)) out.set(line.slice(0, sp), value);
  }
  return out;
}

/** The value of an unlabelled series, or the sum over every labelled series of that name. */
export function promValue(m: Map<string, number>, name: string): number {
  const direct = m.get(name);
  if (direct !== undefined) return direct;
  let sum = 0;
  let found = false;
  for (const [k, v] of m) {
    if (k.startsWith(`${name}{`)) {
      sum += v;
      found = true;
    }
  }
  return found ? sum : Number.NaN;
}

export async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return parseProm(await res.text());
}
