import type { Harness } from '../lib/harness';
import { median, round } from '../lib/stats';

/** Generator CPU above this share of a core means the generator, not the server, was the limit. */
export const GENERATOR_SATURATED = 0.9;

export interface Target {
  name: string;
  target: string;
  measured: string;
  /** null when the run could not decide (e.g. every run had a saturated generator). */
  met: boolean | null;
}

export interface ScenarioReport {
  id: string;
  title: string;
  markdown: string;
  targets: Target[];
  data: unknown;
  seconds?: number;
  /** Cores' worth of CPU other processes on the machine used during the scenario. */
  foreignCores?: number;
  /** The same just before it started (after waiting for a quiet machine). */
  foreignBefore?: number;
}

export interface ScenarioContext {
  h: Harness;
  smoke: boolean;
  log: (msg: string) => void;
  /** Figures one scenario leaves for the next (e.g. the app's REST rate sizes the soak). */
  shared: { appRps?: number; soakMessages?: number };
}

export interface Run<T> {
  value: T;
  /** Generator CPU, share of one core. */
  generatorCpu: number;
  /** Server CPU, share of one core (from /proc), when measured. */
  serverCpu?: number;
}

export const counts = (r: Run<unknown>): boolean => !(r.generatorCpu > GENERATOR_SATURATED);

/** Median over the runs whose generator did not saturate (all runs when none qualifies). */
export function runMedian<T>(
  runs: Run<T>[],
  pick: (v: T) => number,
): { value: number; used: number; of: number } {
  const good = runs.filter(counts);
  const use = good.length > 0 ? good : runs;
  return { value: median(use.map((r) => pick(r.value))), used: good.length, of: runs.length };
}

export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return 'n/a';
  return round(v, digits).toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function pct(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 100)}%` : 'n/a';
}

export function ratio(a: number, b: number, digits = 2): string {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${fmt(a / b, digits)}×` : 'n/a';
}

export function mb(bytes: number, digits = 1): string {
  return `${fmt(bytes / 1048576, digits)} MB`;
}

export function kb(bytes: number, digits = 1): string {
  return `${fmt(bytes / 1024, digits)} KB`;
}

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "12.3 (3/3 runs)" or a saturation warning. */
export function runNote(m: { used: number; of: number }): string {
  if (m.used === m.of) return `${m.of}/${m.of}`;
  if (m.used === 0) return `0/${m.of}: generator saturated in every run, not counting`;
  return `${m.used}/${m.of} (others: generator saturated)`;
}

export const flag = (r: Run<unknown>): string => (counts(r) ? '' : ' ⚠');
