import { AnswerEngine, AnswerRequest, AnswerResult } from '../../modules/chat/answer-engine';
import { PromptBuilder } from '../../modules/chat/prompt/prompt.builder';
import type { AssembledContext } from '../../modules/context/context.service';
import { KnowledgeBase } from '../../modules/knowledge/knowledge-base';
import { OfflineAnswerComposer } from '../../modules/knowledge/offline-answer.composer';
import {
  LlmClient,
  LlmCompleteRequest,
  LlmResult,
  LlmStreamRequest,
  LlmUnavailableError,
} from '../../modules/llm/llm-client';
import { SAMPLE_MARKET_SNAPSHOT } from '../../modules/context/market-snapshot.sample';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { TokenCounter } from '../llm/token-counter';
import { KnowledgeAnswerEngine } from './knowledge.answer-engine';
import { LlmAnswerEngine } from './llm.answer-engine';

const context = (): AssembledContext => ({
  profile: {},
  backendProfile: false,
  market: SAMPLE_MARKET_SNAPSHOT,
  knowledge: [],
});

const request = (question: string): AnswerRequest => ({
  question,
  sentiment: 'neutral',
  context: context(),
  history: [],
  summary: null,
  mask: (t) => t.replace(/20-\d{8}-\d/g, '[CUIT_1]'),
  signal: new AbortController().signal,
});

class FakeLlm extends LlmClient {
  readonly model = 'fake-model';
  readonly requests: LlmStreamRequest[] = [];
  constructor(private readonly behave: (onDelta: (t: string) => void) => LlmResult) {
    super();
  }
  stream(req: LlmStreamRequest, onDelta: (t: string) => void): Promise<LlmResult> {
    this.requests.push(req);
    return new Promise((resolve) => resolve(this.behave(onDelta)));
  }
  complete(_req: LlmCompleteRequest): Promise<{ text: string }> {
    return Promise.resolve({ text: '' });
  }
}

class FixedEngine extends AnswerEngine {
  readonly model = 'fallback';
  answer(_req: AnswerRequest, onDelta: (t: string) => void): Promise<AnswerResult> {
    onDelta('respaldo');
    return Promise.resolve({ finishReason: 'stop', model: this.model });
  }
}

const collect = async (engine: AnswerEngine, req: AnswerRequest) => {
  const deltas: string[] = [];
  const result = await engine.answer(req, (d) => deltas.push(d));
  return { result, text: deltas.join('') };
};

describe('LlmAnswerEngine', () => {
  it('sends the prompt with every string but the system prompt masked, and streams the model’s text', async () => {
    const llm = new FakeLlm((onDelta) => {
      onDelta('Un CEDEAR ');
      onDelta('es…');
      return { finishReason: 'length', model: 'fake-model-2' };
    });
    const engine = new LlmAnswerEngine(llm, new PromptBuilder(), new MetricsService(), null);
    const { result, text } = await collect(engine, request('Mi CUIT es 20-12345678-9'));
    expect(text).toBe('Un CEDEAR es…');
    expect(result).toEqual({ finishReason: 'length', model: 'fake-model-2' });
    const sent = llm.requests[0].messages;
    expect(sent[0].role).toBe('system');
    expect(sent[sent.length - 1]).toEqual({ role: 'user', content: 'Mi CUIT es [CUIT_1]' });
  });

  it('answers with its fallback, marked degraded, when the model fails before its first delta', async () => {
    const llm = new FakeLlm(() => {
      throw new LlmUnavailableError('down', true);
    });
    const engine = new LlmAnswerEngine(
      llm,
      new PromptBuilder(),
      new MetricsService(),
      new FixedEngine(),
    );
    const { result, text } = await collect(engine, request('hola'));
    expect(text).toBe('respaldo');
    expect(result).toMatchObject({ model: 'fallback', degraded: true });
  });

  it('fails (no fallback) once the model has streamed part of the answer', async () => {
    const llm = new FakeLlm((onDelta) => {
      onDelta('parte');
      throw new LlmUnavailableError('cut', true);
    });
    const engine = new LlmAnswerEngine(
      llm,
      new PromptBuilder(),
      new MetricsService(),
      new FixedEngine(),
    );
    await expect(engine.answer(request('hola'), () => undefined)).rejects.toThrow('cut');
  });
});

describe('KnowledgeAnswerEngine', () => {
  const engine = new KnowledgeAnswerEngine(
    new KnowledgeBase(),
    new OfflineAnswerComposer(),
    new TokenCounter(),
    new MetricsService(),
    0,
  );

  it('composes a Spanish answer from the knowledge base, streamed in several chunks, with usage', async () => {
    const deltas: string[] = [];
    const result = await engine.answer(request('¿Qué es un CEDEAR?'), (d) => deltas.push(d));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toMatch(/CEDEAR/);
    expect(result.model).toBe('offline-assistant');
    expect(result.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('stops when the request is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      engine.answer(
        { ...request('¿Qué es un CEDEAR?'), signal: controller.signal },
        () => undefined,
      ),
    ).rejects.toThrow();
  });
});
