import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildApp, freePort, startChildApp } from '../support/child-app';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, until, waitFor } from '../support/sockets';

describe('graceful shutdown of the real process on SIGTERM', () => {
  const llm = new FakeOpenAi();
  let child: ChildProcess;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    buildApp();
    await llm.start();
    dataDir = mkdtempSync(join(tmpdir(), 'chat-shutdown-'));
    const app = await startChildApp(await freePort(), {
      DATA_DIR: dataDir,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: llm.url,
      SHUTDOWN_DRAIN_MS: '2500',
      LOG_LEVEL: 'info',
    });
    child = app.child;
    url = app.url;
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
