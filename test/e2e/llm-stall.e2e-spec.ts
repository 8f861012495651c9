import request from 'supertest';
import { bootApp, TestApp } from '../support/app';
import { testConfig } from '../support/config';
import { FakeOpenAi } from '../support/fake-openai';
import { tokenFor } from '../support/jwt';
import { postSse } from '../support/sse';

/**
 * The SDK's timeout covers the wait for the response headers only; a stream that goes silent
 * afterwards once held the request and the user's answer lock for undici's 300 s body timeout.
 * OPENAI_TIMEOUT_MS now also bounds the silence between two chunks.
 */
describe('a model whose stream stalls mid-answer', () => {
  const llm = new FakeOpenAi();
  let t: TestApp;
  const auth = (u: string) => ({ Authorization: `Bearer ${tokenFor(u)}` });

  beforeAll(async () => {
    await llm.start();
    t = await bootApp(
      testConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: llm.url,
        OPENAI_TIMEOUT_MS: '800',
        OPENAI_MAX_RETRIES: '0',
        LLM_BREAKER_FAILURES: '1000',
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });

  it.each([0, 1, 3])(
    'gives up after the idle timeout when the stream stops after %i chunks, and frees the user',
    async (chunks) => {
      const user = `stall-${chunks}`;
      llm.enqueue({ chunks: ['uno ', 'dos ', 'tres ', 'cuatro ', 'cinco'], stallAfter: chunks });
      const t0 = Date.now();
      const res = await request(t.url)
        .post('/api/chat/message')
        .set(auth(user))
        .send({ message: 'hola' });
      expect(Date.now() - t0).toBeLessThan(8000);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('assistant_unavailable');
      // The upstream request was cancelled, so the provider stops billing tokens.
      await new Promise((r) => setTimeout(r, 100));
      expect(llm.last.aborted).toBe(true);

      // The answer lock was released: the next message is answered, not refused as busy.
      llm.enqueue({ text: 'Ahora sí.' });
      const next = await request(t.url)
        .post('/api/chat/message')
        .set(auth(user))
        .send({ message: 'otra vez' })
        .expect(200);
      expect(next.body.response).toBe('Ahora sí.');
    },
  );

  it('ends a streamed (SSE) answer with an error event and keeps the partial answer', async () => {
    llm.enqueue({ chunks: ['Primera parte ', 'y segunda ', 'y tercera'], stallAfter: 2 });
    const { events } = await postSse(
      `${t.url}/api/chat/message/stream`,
      { message: 'contame algo' },
      tokenFor('stall-sse'),
    );
    const names = events.map((e) => e.event);
    expect(names).toContain('error');
    const history = await request(t.url)
      .get('/api/chat/history/stall-sse')
      .set(auth('stall-sse'))
      .expect(200);
    const answer = history.body.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(answer).toMatchObject({ content: 'Primera parte y segunda ', finish_reason: 'error' });
  });

  it('keeps a slow but steady stream whose gaps stay under the timeout', async () => {
    llm.enqueue({ chunks: ['a ', 'b ', 'c ', 'd ', 'e'], gapMs: 300 });
    const res = await request(t.url)
      .post('/api/chat/message')
      .set(auth('steady'))
      .send({ message: 'despacio' })
      .expect(200);
    expect(res.body.response).toBe('a b c d e');
  });
});
