import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, ChildApp, freePort, startChildApp } from '../support/child-app';
import { TEST_SECRET } from '../support/jwt';

const root = join(__dirname, '..', '..');

/** The demo page of the compiled service loads the SDK bundle that `npm run build` made. */
describe('demo page SDK bundle of the built service', () => {
  let app: ChildApp | null = null;

  beforeAll(() => buildApp(), 120_000);
  afterAll(async () => {
    if (!app || app.child.exitCode !== null) return;
    const exited = new Promise((r) => app!.child.once('exit', r));
    app.child.kill('SIGTERM');
    await exited;
  });

  it('serves the built bundle under a content-hashed URL with a long cache', async () => {
    app = await startChildApp(await freePort(), {
      ENVIRONMENT: 'production',
      DEMO_PAGE: 'true',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-sdk-bundle-')),
    });
    const page = await (await fetch(`${app.url}/`)).text();
    const src = /<script src="(\/demo\/chat-sdk\.js\?v=[0-9a-f]{16})"><\/script>/.exec(page);
    expect(src).not.toBeNull();
    expect(page.indexOf(src![0])).toBeLessThan(page.indexOf('<script src="/demo/app.js">'));

    const res = await fetch(`${app.url}${src![1]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const code = await res.text();
    expect(code).toBe(readFileSync(join(root, 'dist', 'assets', 'chat-sdk.js'), 'utf8'));
    // One browser script defining the global the page uses, with nothing left for a bundler.
    expect(code.slice(0, 40)).toMatch(/^("use strict";)?var ChatSdk=/);
    expect(code.match(/\brequire\(/g)).toBeNull();
  });

  it('refuses to start in production when the bundle is missing, naming the fix', async () => {
    // A copy of dist/ without the bundle, beside the original so node_modules still resolves.
    const copy = mkdtempSync(join(root, '.dist-no-sdk-'));
    try {
      cpSync(join(root, 'dist'), copy, { recursive: true });
      rmSync(join(copy, 'assets'), { recursive: true });
      const child = spawn(process.execPath, [join(copy, 'main.js')], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          PORT: String(await freePort()),
          JWT_SECRET_KEY: TEST_SECRET,
          ENVIRONMENT: 'production',
          DEMO_PAGE: 'true',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-sdk-bundle-')),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(output).toContain("The demo page's SDK bundle is missing");
      expect(output).toContain('npm run build');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
