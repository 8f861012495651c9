import type { HotCache } from '../../infrastructure/cache/hot-cache';
import type { ChatMessage } from '../memory/chat-message';
import type { MemoryService } from '../memory/memory.service';
import type { Sentiment } from '../sentiment/sentiment.types';
import type { ConversationSummarizer } from './conversation-summarizer';
import { SummaryService } from './summary.service';

let seq = 0;
function message(
  role: 'user' | 'assistant',
  content: string,
  sentiment?: Partial<Sentiment>,
): ChatMessage {
  seq++;
  return {
    id: `m${seq}`,
    conversation_id: 'c1',
    role,
    content,
    timestamp: new Date(Date.UTC(2026, 11, 7, 12, 0, seq)).toISOString(),
    ...(sentiment
      ? { sentiment: { label: 'neutral', score: 0, confidence: 0.5, ...sentiment } }
      : {}),
  };
}

/** The offline summary path: only the memory is read; the LLM and cache are not used. */
function serviceWith(messages: ChatMessage[]): SummaryService {
  const memory = { all: () => Promise.resolve(messages) } as unknown as MemoryService;
  // No LLM configured: the summary is written from the messages.
  return new SummaryService(memory, {} as ConversationSummarizer, null, {} as HotCache);
}

describe('SummaryService (offline summary)', () => {
  it('lists only the tickers the user mentioned, not the ones the answers used as examples', async () => {
    const summary = await serviceWith([
      message('user', '¿Qué es un CEDEAR? Tengo GGAL', { label: 'neutral' }),
      message('assistant', 'Un CEDEAR como AAPL o KO... el dólar MEP se arma con AL30 o GD30.'),
      message('user', 'y YPF?', { label: 'neutral' }),
      message('assistant', 'YPFD cotiza en BYMA y YPF en Nueva York; mirá también PAMP.'),
    ]).summarize('u1');
    expect(summary.tickers.sort()).toEqual(['GGAL', 'YPF']);
    expect(summary.summary).toMatch(/Tickers mencionados: (GGAL, YPF|YPF, GGAL)\./);
    expect(summary.summary).not.toMatch(/AAPL|AL30|PAMP|YPFD/);
  });

  it.each([
    ['miedo', -0.6, /preocupado/],
    ['enojo', -0.6, /molesto/],
    ['frustracion', -0.5, /frustrado/],
    ['incertidumbre', -0.1, /dudas/],
    ['euforia', 0.7, /entusiasmado/],
    ['confianza', 0.5, /confiado/],
  ])('words the mood from the dominant emotion (%s)', async (emotion, score, expected) => {
    const label = score > 0.2 ? 'positive' : score < -0.2 ? 'negative' : 'neutral';
    const summary = await serviceWith([
      message('user', 'primer mensaje', { label, score, emotions: { [emotion]: 0.6 } }),
      message('assistant', 'respuesta'),
      message('user', 'segundo mensaje', {
        label,
        score,
        emotions: { [emotion]: 0.5, miedo: 0.1 },
      }),
    ]).summarize('u1');
    expect(summary.summary).toMatch(new RegExp(`El tono del usuario fue [^.]*${expected.source}`));
  });

  it('tells anger from worry although both average as negative', async () => {
    const angry = await serviceWith([
      message('user', 'Bárbaro, otra comisión', {
        label: 'negative',
        score: -0.5,
        emotions: { enojo: 0.7 },
      }),
    ]).summarize('u1');
    expect(angry.summary).toMatch(/molesto/);
    expect(angry.summary).not.toMatch(/preocupado/);
  });

  it('falls back to the average score when no emotion stands out', async () => {
    const summary = await serviceWith([
      message('user', 'Estoy contento', { label: 'positive', score: 0.6 }),
      message('user', 'Muy bien todo', {
        label: 'positive',
        score: 0.5,
        emotions: { euforia: 0.1 },
      }),
    ]).summarize('u1');
    expect(summary.summary).toMatch(/mayormente optimista/);
  });
});
