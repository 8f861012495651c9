import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, freePort, startChildApp } from '../support/child-app';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { connected, connectIo, until } from '../support/sockets';

describe('a process killed in the middle of an answer', () => {
  const llm = new FakeOpenAi();
  let dataDir: string;
  let port: number;
  const children: ChildProcess[] = [];

  const start = async (): Promise<string> => {
    const app = await startChildApp(port, {
      DATA_DIR: dataDir,
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: llm.url,
      // The sweep waits for the longest possible answer: 1 s × (0 + 1) + 5 s.
      OPENAI_TIMEOUT_MS: '1000',
      OPENAI_MAX_RETRIES: '0',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_HISTORY_PER_MIN: '10000',
    });
    children.push(app.child);
    return app.url;
  };

  beforeAll(async () => {
    buildApp();
    await llm.start();
    dataDir = mkdtempSync(join(tmpdir(), 'chat-crash-'));
    port = await freePort();
  }, 120_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await llm.stop();
  });

  it('leaves nothing half-written, and after a restart marks the interrupted answer', async () => {
    let url = await start();
    llm.enqueue({ chunks: Array.from({ length: 100 }, (_, i) => `w${i} `), gapMs: 50 });
    const s = connectIo(url, tokenFor('crash'));
    await connected(s);
    const ack = await s.emitWithAck('send_message', { message: 'una respuesta que no termina' });
    await until(() => s.events.filter((e) => e.event === 'message_chunk').length >= 3);
    const first = children[0];
    const gone = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await gone;
    s.disconnect();

    url = await start();
    const auth = { Authorization: `Bearer ${tokenFor('crash')}` };
    const read = async () =>
      (await (
        await fetch(`${url}/api/chat/history/crash?conversation_id=${ack.conversation_id}`, {
          headers: auth,
        })
      ).json()) as {
        messages: { role: string; content: string; finish_reason?: string }[];
      };
    const before = await read();
    expect(before.messages.map((m) => m.role)).toEqual(['user']);
    const t0 = Date.now();
    let after = before;
    while (after.messages.length < 2) {
      if (Date.now() - t0 > 20000) throw new Error('the interrupted answer was never marked');
      await new Promise((r) => setTimeout(r, 500));
      after = await read();
    }
    expect(after.messages[1]).toMatchObject({
      role: 'assistant',
      content: '',
      finish_reason: 'error',
    });

    // The history is usable: the conversation goes on.
    llm.enqueue({ text: 'Sigo acá.' });
    const res = await fetch(`${url}/api/chat/message`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ message: '¿seguís?', conversation_id: ack.conversation_id }),
    });
    expect(res.status).toBe(200);
  }, 90_000);
});
