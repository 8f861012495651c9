import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FakeOpenAi } from '../support/fake-openai';
import { TEST_SECRET, tokenFor } from '../support/jwt';
import { connected, connectIo, until, waitFor } from '../support/sockets';

const root = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown of the real process on SIGTERM', () => {
  const llm = new FakeOpenAi();
  let child: ChildProcess;
  let url: string;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
    await llm.start();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'chat-shutdown-'));
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATA_DIR: dataDir,
        JWT_SECRET_KEY: TEST_SECRET,
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        SHUTDOWN_DRAIN_MS: '2500',
        LOG_LEVEL: 'info',
        ENVIRONMENT: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const t0 = Date.now();
    for (;;) {
      const ok = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() - t0 > 30000) throw new Error(`the service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await llm.stop();
  });

  it('turns not-ready at once, refuses new work, lets a short answer finish, saves a long one as partial, and exits 0', async () => {
    llm.enqueue(
      { chunks: Array.from({ length: 10 }, (_, i) => `corta${i} `), gapMs: 100 },
      { chunks: Array.from({ length: 200 }, (_, i) => `larga${i} `), gapMs: 100 },
    );
    const shortSocket = connectIo(url, tokenFor('short'));
    const longSocket = connectIo(url, tokenFor('long'));
    await connected(shortSocket);
    await connected(longSocket);
    await shortSocket.emitWithAck('send_message', { message: 'una respuesta corta' });
    const longAck = await longSocket.emitWithAck('send_message', {
      message: 'una respuesta larga',
    });
    await until(() => shortSocket.events.filter((e) => e.event === 'message_chunk').length >= 2);

    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const killedAt = Date.now();
    child.kill('SIGTERM');

    await new Promise((r) => setTimeout(r, 150));
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    const late = connectIo(url, tokenFor('late'));
    expect((await waitFor<Error>(late, 'connect_error')).message).toBe('shutting_down');
    late.disconnect();

    const short = await waitFor(shortSocket, 'message', 5000);
    expect(short.finish_reason).toBe('stop');
    expect(shortSocket.events.filter((e) => e.event === 'message_chunk')).toHaveLength(10);

    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - killedAt).toBeLessThan(15000);

    const db = new Database(join(dataDir, 'chat.sqlite'), { readonly: true });
    const long = db
      .prepare('SELECT content, finish_reason FROM messages WHERE id = ?')
      .get(longAck.message_id) as {
      content: string;
      finish_reason: string;
    };
    db.close();
    expect(long.finish_reason).toBe('stopped');
    expect(long.content).toMatch(/^larga0 larga1 /);
    expect(llm.requests[1].aborted).toBe(true);
    shortSocket.disconnect();
    longSocket.disconnect();
  }, 60_000);
});
