import { extractFigures, Figure, numbersIn } from './number-extraction';

export interface FigureCheck {
  checked: number;
  unverified: number;
  /** The figures that matched nothing (their text as written), for logs and tests. */
  unverifiedFigures: string[];
}

/** The closing chunk streamed and saved when an answer holds a figure no source backs. */
export const UNVERIFIED_NOTICE =
  '\n\n⚠️ Algunas cifras de esta respuesta no pudieron verificarse contra una fuente. Confirmalas antes de tomar una decisión.';

const SCALES = [1, 1e3, 1e6, 1e9];
const PERCENT_SCALES = [1, 100, 0.01];

/** Every finite number anywhere in a JSON value (tool results, the prompt's snapshot). */
export function numbersInJson(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) out.push(value);
  } else if (typeof value === 'string') {
    // Strings in results can carry figures too (a backend portfolio's "1.234,50").
    if (/\d/.test(value) && value.length < 200) out.push(...numbersIn(value));
  } else if (Array.isArray(value)) {
    for (const v of value) numbersInJson(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) numbersInJson(v, out);
  }
  return out;
}

function matches(figure: Figure, known: number[]): boolean {
  const scales =
    figure.kind === 'percent' || figure.kind === 'bps'
      ? PERCENT_SCALES
      : figure.multiplier !== 1
        ? SCALES
        : [1];
  for (const r of figure.readings) {
    // Rounding to the precision shown counts as a match; half a unit of the last digit.
    const candidates = [
      { value: r.value * figure.multiplier, tol: 0.5 * 10 ** -r.decimals * figure.multiplier },
      { value: r.value, tol: 0.5 * 10 ** -r.decimals },
    ];
    for (const k of known) {
      for (const s of scales) {
        // Signs are written apart ("bajó 1,25%", "-1,25%"): magnitudes are compared.
        const source = Math.abs(k * s);
        for (const c of candidates) {
          if (Math.abs(source - c.value) <= c.tol + Math.abs(source) * 1e-9) return true;
        }
      }
    }
  }
  return false;
}

/**
 * Compares every market figure in an answer with the numbers it could have been taken from
 * (tool results, the prompt's snapshot, the user's message and the conversation window).
 */
export function checkFigures(answer: string, known: number[]): FigureCheck {
  const figures = extractFigures(answer);
  const unverified = figures.filter((f) => !matches(f, known));
  return {
    checked: figures.length,
    unverified: unverified.length,
    unverifiedFigures: unverified.map((f) => f.raw),
  };
}

/** Collects what an answer may quote, as the answer path learns it. */
export class FigureEvidence {
  private readonly known: number[] = [];

  addText(text: string): void {
    this.known.push(...numbersIn(text));
  }

  addJson(value: unknown): void {
    numbersInJson(value, this.known);
  }

  check(answer: string): FigureCheck {
    return checkFigures(answer, this.known);
  }
}
