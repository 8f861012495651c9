import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { MemoryHotCache } from '../../../src/infrastructure/cache/memory-hot-cache';
import { MemoryKeyLock } from '../../../src/infrastructure/cache/memory-key-lock';
import { UserAnswerLock } from '../../../src/infrastructure/cache/user-answer-lock';
import { TokenCounter } from '../../../src/infrastructure/llm/token-counter';
import { MemoryTokenQuotaStore } from '../../../src/infrastructure/quota/memory-token-quota.store';
import { QuotaService } from '../../../src/modules/quota/quota.service';
import { SampleMarketDataProvider } from '../../../src/infrastructure/market-data/sample-market-data.provider';
import { NoProfileSource } from '../../../src/infrastructure/profile/no-profile.source';
import type { AuthUser } from '../../../src/common/auth/auth-user';
import type { MessageRecord } from '../../../src/infrastructure/database/records';
import type { InsertOptions } from '../../../src/modules/memory/message-store';
import { AnswerEngine, AnswerRequest, AnswerResult } from '../../../src/modules/chat/answer-engine';
import { AnswerGenerator } from '../../../src/modules/chat/answer-generator';
import { ChatService } from '../../../src/modules/chat/chat.service';
import type { ReplyListener, SendMessageInput } from '../../../src/modules/chat/chat-reply';
import { AdmissionService } from '../../../src/modules/admission/admission.service';
import { LocalAdmissionStore } from '../../../src/infrastructure/admission/local-admission.store';
import { ConversationSummarizer } from '../../../src/modules/chat/conversation-summarizer';
import { GenerationRegistry } from '../../../src/modules/chat/generation.registry';
import { HistoryWindowService } from '../../../src/modules/chat/history-window.service';
import { IdempotentReplies } from '../../../src/modules/chat/idempotent-replies';
import { ContextService } from '../../../src/modules/context/context.service';
import { ShutdownState } from '../../../src/modules/health/shutdown-state';
import { KnowledgeBase } from '../../../src/modules/knowledge/knowledge-base';
import { MemoryService } from '../../../src/modules/memory/memory.service';
import { MetricsService } from '../../../src/modules/metrics/metrics.service';
import { PiiMasker } from '../../../src/modules/privacy/pii-masker';
import { LexiconSentimentAnalyzer } from '../../../src/modules/sentiment/lexicon-sentiment.analyzer';
import { InMemoryMessageStore } from './in-memory-message-store';

/** An engine that streams a scripted answer, records its requests, and can fail or wait. */
export class ScriptedEngine extends AnswerEngine {
  readonly model = 'scripted';
  readonly requests: AnswerRequest[] = [];
  chunks = ['Hola, ', 'esto es ', 'una respuesta.'];
  /** Thrown before the first chunk, or after `failAfter` chunks. */
  failure: Error | null = null;
  failAfter = 0;
  /** Resolved by the test to let the stream go on after its first chunk (or when aborted). */
  hold: Promise<void> | null = null;
  private readonly waiting: ((req: AnswerRequest) => void)[] = [];

  /** Resolves with the next request, when the engine is asked (before its first chunk). */
  nextRequest(): Promise<AnswerRequest> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async answer(req: AnswerRequest, onDelta: (text: string) => void): Promise<AnswerResult> {
    this.requests.push(req);
    for (const tell of this.waiting.splice(0)) tell(req);
    for (const [i, chunk] of this.chunks.entries()) {
      if (this.failure && i === this.failAfter) throw this.failure;
      req.signal.throwIfAborted();
      onDelta(chunk);
      if (i === 0 && this.hold) await Promise.race([this.hold, aborted(req.signal)]);
    }
    req.signal.throwIfAborted();
    return {
      finishReason: 'stop',
      model: this.model,
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
  }
}

const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** An insert held by the test: it commits or fails when told. */
export interface HeldInsert {
  /** Resolves with the row once the insert has been called (before it commits). */
  started: Promise<MessageRecord>;
  commit(): void;
  fail(err: Error): void;
}

/** The in-memory store, whose next insert the test can hold (a slow or failing database). */
export class HeldMessageStore extends InMemoryMessageStore {
  private held: { arrived: (m: MessageRecord) => void; gate: Promise<void> } | null = null;

  holdNextInsert(): HeldInsert {
    let arrived!: (m: MessageRecord) => void;
    const started = new Promise<MessageRecord>((r) => (arrived = r));
    let commit!: () => void;
    let fail!: (err: Error) => void;
    const gate = new Promise<void>((resolve, reject) => {
      commit = resolve;
      fail = reject;
    });
    this.held = { arrived, gate };
    return { started, commit, fail };
  }

  override async insertMessage(m: MessageRecord, opts?: InsertOptions): Promise<void> {
    const held = this.held;
    if (held) {
      this.held = null;
      held.arrived(m);
      await held.gate;
    }
    return super.insertMessage(m, opts);
  }
}

export const testUser = (id = 'u1'): AuthUser => ({
  id,
  token: 't',
  roles: [],
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});

/**
 * The chat core wired by hand with in-memory adapters (store, cache, lock) and a scripted
 * answer engine, in the style of immich's `newTestService`: the real services, fast.
 */
export function newTestChatService(env: Record<string, string> = {}) {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-unit-')), ...env });
  const store = new HeldMessageStore();
  const metrics = new MetricsService();
  const memory = new MemoryService(store, new MemoryHotCache(), config, metrics);
  const engine = new ScriptedEngine();
  const lock = new UserAnswerLock(new MemoryKeyLock());
  const generations = new GenerationRegistry();
  const masker = new PiiMasker();
  const knowledge = new KnowledgeBase();
  const context = new ContextService(
    new NoProfileSource(),
    new SampleMarketDataProvider(),
    knowledge,
    config,
  );
  const tokens = new TokenCounter();
  const windows = new HistoryWindowService(
    memory,
    tokens,
    new ConversationSummarizer(null, masker),
  );
  const generator = new AnswerGenerator(context, windows, engine, masker, metrics);
  const shutdown = new ShutdownState();
  const quotaStore = new MemoryTokenQuotaStore();
  const quota = new QuotaService(quotaStore, config);
  const admission = new AdmissionService(
    new LocalAdmissionStore(quotaStore, lock),
    quota,
    lock,
    config,
    metrics,
  );
  const chat = new ChatService(
    memory,
    new LexiconSentimentAnalyzer(),
    engine,
    generations,
    generator,
    new IdempotentReplies(memory, engine, config),
    config,
    metrics,
    shutdown,
    quota,
    tokens,
  );
  /** What a door does: admit the message, then hand its ticket to the chat service. */
  const send = async (
    user: AuthUser,
    input: SendMessageInput,
    listener?: ReplyListener,
    signal?: AbortSignal,
  ) => chat.send(user, input, await admission.admitMessage(user.id), listener, signal);
  return {
    chat,
    send,
    admission,
    quota,
    store,
    memory,
    engine,
    lock,
    generations,
    shutdown,
    metrics,
    config,
  };
}
