import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** A program some suites drive (nginx, Chromium) that `npm install` cannot provide. */
export interface SystemBinary {
  /** What the skip line and the failure call it. */
  label: string;
  /** Names looked up on the PATH, or absolute paths, in order of preference. */
  candidates: string[];
  /** The command that installs it on Debian or Ubuntu. */
  install: string;
}

export type BinaryDecision =
  | { run: true; path: string }
  | { run: true; path: null; missing: string }
  | { run: false; skipLine: string };

type Env = Record<string, string | undefined>;
type IsExecutable = (file: string) => boolean;

const executable: IsExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * CI providers set CI=true; anything but an explicit "false"/"0" counts, so that a CI spelling
 * of its own can never turn a missing program into a quiet skip.
 */
export function isCi(env: Env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== 'false' && v !== '0';
}

export function locateBinary(
  candidates: string[],
  env: Env,
  isExecutable: IsExecutable = executable,
): string | null {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const c of candidates) {
    if (isAbsolute(c)) {
      if (isExecutable(c)) return c;
      continue;
    }
    for (const d of dirs) {
      const file = join(d, c);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

/**
 * Whether the suites that need `bin` run. Outside CI a missing program skips them with one line
 * that says how to install it; in CI they always run, so a missing program fails them.
 */
export function decideBinary(
  bin: SystemBinary,
  env: Env,
  isExecutable: IsExecutable = executable,
): BinaryDecision {
  const path = locateBinary(bin.candidates, env, isExecutable);
  if (path) return { run: true, path };
  const missing = `${bin.label} not installed (${bin.install})`;
  if (isCi(env)) return { run: true, path: null, missing };
  return { run: false, skipLine: `skipped: ${missing}` };
}

const announced = new Set<string>();

/**
 * `describe` and `it` for the tests that need `bin`, and `path()` for them to call: it throws
 * with the install command when the program is missing (only in CI, where they must fail).
 */
export function requireBinary(bin: SystemBinary): {
  describe: jest.Describe;
  it: jest.It;
  path: () => string;
} {
  const decision = decideBinary(bin, process.env);
  if (!decision.run) {
    if (!announced.has(bin.label)) {
      announced.add(bin.label);
      process.stderr.write(`${decision.skipLine}\n`);
    }
    return {
      describe: describe.skip,
      it: it.skip,
      path: () => {
        throw new Error(decision.skipLine);
      },
    };
  }
  return {
    describe,
    it,
    path: () => {
      if (decision.path === null) throw new Error(decision.missing);
      return decision.path;
    },
  };
}
