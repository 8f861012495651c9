/**
 * The README's REST example for continuing a conversation, run as written (bash and curl)
 * against the booted service, so the documented commands cannot drift from the API.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { tokenFor } from '../support/jwt';
import { requireBinary } from '../support/system-binary';

const curl = requireBinary({
  label: 'curl',
  candidates: ['curl'],
  install: 'apt-get install -y curl',
});

/** The README's fenced bash block that starts with `start`. */
function readmeBlock(start: string): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .find((b) => b.startsWith(start));
  if (!block) throw new Error(`no bash block starting with ${start} in README.md`);
  return block;
}

/** Top-level JSON objects printed one after another (curl adds no newline). */
function jsonObjects(text: string): any[] {
  const out: any[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

describe('README examples', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp(testConfig());
  });
  afterAll(async () => {
    await t.close();
  });

  curl.it('continues a conversation over REST with conversation_id', async () => {
    curl.path();
    const script = readmeBlock('CONV=$(curl').replaceAll('http://localhost:8081', t.url);
    // Asynchronously: the service answering curl runs in this very process.
    const { stdout: output } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      {
        encoding: 'utf8',
        timeout: 15_000,
        env: { PATH: process.env.PATH, TOKEN: tokenFor('user-123') },
      },
    );
    const [reply, history] = jsonObjects(output);
    expect(reply).toMatchObject({ conversation_id: expect.any(String), finish_reason: 'stop' });
    expect(history).toMatchObject({ user_id: 'user-123', count: 4 });
    expect(history.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(
      new Set(history.messages.map((m: { conversation_id: string }) => m.conversation_id)),
    ).toEqual(new Set([reply.conversation_id]));
    expect(history.messages[2].content).toBe('¿Y cómo compro uno?');
  });
});
