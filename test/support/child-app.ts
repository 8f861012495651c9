import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_SECRET } from './jwt';

const root = join(__dirname, '..', '..');

/** Builds dist/ as `npm run build` does (nothing to do when it is up to date). */
export function buildApp(): void {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'pipe',
  });
  // The rest of `npm run build`: the demo page's SDK bundle, which a compiled production service
  // requires.
  execFileSync(process.execPath, ['dist/cli/build-sdk-bundle.js'], { cwd: root, stdio: 'pipe' });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ChildApp {
  child: ChildProcess;
  url: string;
  /** Everything the process printed. */
  output: () => string;
}

/** Starts `node dist/main.js` as a real process and waits until it is ready. */
export async function startChildApp(port: number, env: Record<string, string>): Promise<ChildApp> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      JWT_SECRET_KEY: TEST_SECRET,
      ENVIRONMENT: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  while (
    !(await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() - t0 > 30000)
      throw new Error(`the service did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, output: () => output };
}
