/**
 * The SDK as an app outside the repository gets it: `npm pack` in clients/js builds it and
 * makes a tarball that installs and loads on its own; working there leaves no lockfile behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const SDK = join(ROOT, 'clients', 'js');

describe('clients/js as a package', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'chat-sdk-pack-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('leaves no lockfile (install, build) nor tarball (pack) untracked', () => {
    const setting = execFileSync('npm', ['config', 'get', 'package-lock'], {
      cwd: SDK,
      encoding: 'utf8',
    });
    expect(setting.trim()).toBe('false');
    // Nor does the tarball `npm pack` writes there show up as an untracked file.
    const ignored = spawnSync(
      'git',
      ['check-ignore', '--no-index', '-q', 'clients/js/chat-service-client-1.0.0.tgz'],
      { cwd: ROOT },
    );
    expect(ignored.status).toBe(0);
  });

  it('packs a built tarball: compiled code, type declarations and the README, no sources', () => {
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
        cwd: SDK,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.endsWith('lock.json'))).toEqual([]);

    // Unpacked elsewhere, it loads with nothing but its dependency (socket.io-client).
    execFileSync('tar', ['-xzf', join(out, pack.filename), '-C', out]);
    const exported = execFileSync(
      process.execPath,
      [
        '-e',
        "const sdk = require(process.argv[1]); console.log(['ChatClient', 'RestClient', 'ChatError'].map((n) => typeof sdk[n]).join(' '))",
        join(out, 'package'),
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, 'node_modules') } },
    );
    expect(exported.trim()).toBe('function function function');
  });
});
