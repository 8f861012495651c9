import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, ChildApp, freePort, startChildApp } from '../support/child-app';
import { until } from '../support/sockets';

/** The start-up log of the real process, as `npm start` prints it. */
describe('start-up log of the real process', () => {
  const running: ChildApp[] = [];
  const start = async (env: Record<string, string> = {}): Promise<ChildApp> => {
    const app = await startChildApp(await freePort(), {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-startup-')),
      LOG_LEVEL: 'info',
      ...env,
    });
    running.push(app);
    // The last start-up line comes after the port opens.
    await until(() => app.output().includes('Chat service listening'), 10_000, 'the last line');
    return app;
  };

  beforeAll(() => buildApp(), 120_000);
  afterAll(async () => {
    for (const { child } of running) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('names /health, /metrics and the demo page, never the /api paths that do not exist', async () => {
    const { output, url } = await start();
    const port = new URL(url).port;
    const messages = output()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages.join('\n')).not.toMatch(/\/api\/(health|metrics)/);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Mapped {/health, GET} route',
        'Mapped {/metrics, GET} route',
        `Chat service listening on http://localhost:${port}: demo page at http://localhost:${port}/, ` +
          `API docs at http://localhost:${port}/docs, health at http://localhost:${port}/health, ` +
          `metrics at http://localhost:${port}/metrics`,
      ]),
    );
  });

  it('prints readable lines with LOG_PRETTY=true, not JSON blobs', async () => {
    const { output } = await start({ LOG_PRETTY: 'true' });
    const lines = output().trim().split('\n');
    expect(lines.filter((l) => l.includes('{"'))).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Chat service listening on http/),
        expect.stringMatching(
          /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[RouterExplorer\] Mapped \{\/health, GET\} route$/,
        ),
      ]),
    );
  });
});
