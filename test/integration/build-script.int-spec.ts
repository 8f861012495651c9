/**
 * `npm start` and `npm run token` build first: the build must be quick when nothing changed, and
 * must never leave dist/ stale after a change (also when `npm run typecheck` ran in between).
 * Runs on a copy of the sources, so the worktree's own dist/ is left alone.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '..', '..');

describe('npm run build', () => {
  let dir: string;
  const npm = (...args: string[]): string =>
    execFileSync('npm', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

  /** The TypeScript step of `npm run build`, verbose: says whether it had anything to do. */
  const tscBuild = (): string =>
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'tsc'),
      ['-b', 'tsconfig.build.json', '--verbose'],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-build-'));
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(ROOT, f), join(dir, f));
    }
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    // Unit specs in src/ import test helpers: the type-check below reads them.
    cpSync(join(ROOT, 'test'), join(dir, 'test'), { recursive: true });
    // The build also bundles the client SDK for the demo page from its sources.
    cpSync(join(ROOT, 'clients', 'js', 'src'), join(dir, 'clients', 'js', 'src'), {
      recursive: true,
    });
    cpSync(join(ROOT, 'clients', 'js', 'package.json'), join(dir, 'clients', 'js', 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a fresh clone, then finds nothing to do while the sources are unchanged', () => {
    npm('run', '-s', 'build');
    expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'cli', 'token.js'))).toBe(true);
    expect(npm('run', '-s', 'build')).toBeDefined();
    expect(tscBuild()).toMatch(/is up to date/);
    expect(existsSync(join(dir, 'dist', 'assets', 'chat-sdk.js'))).toBe(true);
  });

  it('rebuilds a changed source, even after a type-check ran in between', () => {
    const marker = `// build marker ${Date.now()}`;
    appendFileSync(join(dir, 'src', 'startup-report.ts'), `\n${marker}\n`);
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmit'], {
      cwd: dir,
      stdio: 'pipe',
    });
    expect(tscBuild()).not.toMatch(/is up to date/);
    expect(readFileSync(join(dir, 'dist', 'startup-report.js'), 'utf8')).toContain(marker);
  });
});
