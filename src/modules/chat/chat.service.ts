import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { ShutdownState } from '../health/shutdown-state';
import { ChatOutcome, MetricsService } from '../metrics/metrics.service';
import { AppError } from '../../common/errors/app-error';
import { compositeKey, compositeKeyPrefix } from '../../common/keys/composite-key';
import type { FinishReason } from '../../infrastructure/database/records';
import type { ChatMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { QuotaService } from '../quota/quota.service';
import { TokenCounter } from '../../infrastructure/llm/token-counter';
import { SentimentAnalyzer } from '../sentiment/sentiment.types';
import type { ChatReply, ChatSink, SendMessageInput } from './chat-reply';
import { GenerationRegistry } from './generation.registry';
import { AnswerEngine } from './answer-engine';
import { AnswerLock } from './answer-lock';
import { AnswerGenerator, GenerateInput } from './answer-generator';
import { answerDeadlineMs } from './interrupted-answers.sweeper';
import { auditRow } from '../audit/audit-record';
import { needsDisclaimer } from '../suitability/disclaimer-policy';

export const MESSAGE_MAX_CHARS = 4000;

const OUTCOME: Record<FinishReason, ChatOutcome> = {
  stop: 'completed',
  length: 'completed',
  stopped: 'stopped',
  error: 'failed',
};

const busyError = () =>
  new AppError(
    'busy',
    'Ya hay una respuesta en curso. Esperá a que termine o detenela antes de enviar otra.',
  );

const UNAVAILABLE =
  'El asistente no está disponible en este momento. Tu mensaje quedó guardado; probá de nuevo en unos minutos.';

/**
 * The chat pipeline, the same for every door (REST, SSE, Socket.IO, plain WebSocket):
 * validate → sentiment → save the user message → context → stream from the LLM → save the
 * answer (also when stopped or failed, with its finish_reason) → the contract's ChatReply.
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger('ChatService');
  /** Exchanges in flight by user and client_message_id: a repeat waits for the first. */
  private readonly inflight = new Map<string, Promise<ChatReply>>();
  /**
   * Replies finished here in the last minute by user and client_message_id: a client retrying
   * after an ack timeout gets its answer at once, without two database reads.
   */
  private readonly recent = new LRUCache<string, ChatReply>({ max: 10_000, ttl: 60_000 });

  constructor(
    private readonly memory: MemoryService,
    private readonly sentiment: SentimentAnalyzer,
    private readonly engine: AnswerEngine,
    private readonly generations: GenerationRegistry,
    private readonly generator: AnswerGenerator,
    private readonly lock: AnswerLock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownState,
    private readonly quota: QuotaService,
    private readonly tokens: TokenCounter,
  ) {
    memory.onHistoryDeleted((userId) => this.forgetReplies(userId));
  }

  /** Long enough for the slowest answer the LLM settings allow; released as soon as it ends. */
  private get lockTtlMs(): number {
    return answerDeadlineMs(this.config);
  }

  async send(
    user: AuthUser,
    input: SendMessageInput,
    sink: ChatSink = {},
    signal?: AbortSignal,
  ): Promise<ChatReply> {
    let started = false;
    const counted: ChatSink = {
      onStart: (info) => {
        started = true;
        sink.onStart?.(info);
      },
      onDelta: (d, i) => sink.onDelta?.(d, i),
      onTool: (e) => sink.onTool?.(e),
    };
    try {
      const reply = await this.sendOnce(user, input, counted, signal);
      this.metrics.chatMessages.inc({
        door: input.door,
        outcome: started ? OUTCOME[reply.finish_reason] : 'replayed',
      });
      return reply;
    } catch (err) {
      const outcome = err instanceof AppError && err.code === 'busy' ? 'busy' : 'failed';
      this.metrics.chatMessages.inc({ door: input.door, outcome });
      throw err;
    }
  }

  private async sendOnce(
    user: AuthUser,
    input: SendMessageInput,
    sink: ChatSink,
    signal?: AbortSignal,
  ): Promise<ChatReply> {
    if (this.shutdown.shuttingDown) {
      throw new AppError(
        'assistant_unavailable',
        'El servicio se está reiniciando. Probá de nuevo en unos segundos.',
      );
    }
    const text = input.message.trim();
    if (text.length === 0 || text.length > MESSAGE_MAX_CHARS) {
      throw new AppError(
        'invalid_input',
        `El mensaje debe tener entre 1 y ${MESSAGE_MAX_CHARS} caracteres, sin contar los espacios de los extremos.`,
      );
    }
    const cmid = input.clientMessageId;
    if (!cmid) return this.exchange(user, { ...input, message: text }, sink, signal, null);

    const key = compositeKey('reply', user.id, cmid);
    const done = this.recent.get(key);
    if (done) return done;
    const running = this.inflight.get(key);
    if (running) return running;
    const prior = await this.memory.findByClientMessageId(user.id, cmid);
    if (prior) {
      const answer = await this.memory.findReplyTo(prior.id);
      // An interrupted answer (an empty "error" marker) is answered again on a retry.
      const interrupted = answer?.finish_reason === 'error' && answer.content === '';
      if (answer && !interrupted) return this.replyOf(prior, answer);
    }
    const again = this.inflight.get(key);
    if (again) return again;
    const promise = this.exchange(user, { ...input, message: text }, sink, signal, prior);
    this.inflight.set(key, promise);
    try {
      const reply = await promise;
      if (reply.finish_reason !== 'error') this.recent.set(key, reply);
      return reply;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Forgets the user's recent replies (their history was deleted). */
  forgetReplies(userId: string): void {
    const prefix = compositeKeyPrefix('reply', userId);
    for (const key of [...this.recent.keys()]) if (key.startsWith(prefix)) this.recent.delete(key);
  }

  /** Stops the user's answer in flight; the partial answer is kept. */
  stop(userId: string, messageId?: string): string | null {
    return this.generations.stop(userId, messageId);
  }

  private async exchange(
    user: AuthUser,
    input: SendMessageInput,
    sink: ChatSink,
    signal: AbortSignal | undefined,
    prior: ChatMessage | null,
  ): Promise<ChatReply> {
    // Over the daily token quota: refused before anything is stored or asked of the LLM.
    await this.quota.assertAvailable(user.id);
    if (this.generations.isBusy(user.id)) throw busyError();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    const messageId = randomUUID();
    this.generations.start(user.id, messageId, controller);
    // The same rule across instances: one answer in flight per user.
    if (!(await this.lock.acquire(user.id, messageId, this.lockTtlMs))) {
      this.generations.finish(user.id, messageId);
      throw busyError();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const existing = prior?.conversation_id ?? input.conversationId;
      // A new conversation is stored together with its first message.
      const conv = existing
        ? await this.memory.getOwnConversation(user.id, existing)
        : this.memory.newConversation(user.id, input.message.replace(/\s+/g, ' ').slice(0, 60));
      const sentiment = prior?.sentiment ?? (await this.sentiment.analyze(input.message));
      const userMsg =
        prior ??
        (await this.memory.append(
          {
            conversation_id: conv.id,
            user_id: user.id,
            role: 'user',
            content: input.message,
            sentiment,
            prompt_tokens: null,
            completion_tokens: null,
            model: null,
            finish_reason: null,
            client_message_id: input.clientMessageId ?? null,
            reply_to: null,
          },
          existing ? { touchConversation: true } : { newConversation: conv },
        ));
      sink.onStart?.({
        message_id: messageId,
        user_message_id: userMsg.id,
        conversation_id: conv.id,
      });
      return await this.answer({
        user,
        input,
        conv,
        userMsg,
        sentiment,
        messageId,
        signal: controller.signal,
        sink,
        freshConversation: !existing,
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.generations.finish(user.id, messageId);
      await this.lock.release(user.id, messageId);
    }
  }

  private async answer(exchange: GenerateInput): Promise<ChatReply> {
    const { user, conv, userMsg, sentiment, messageId } = exchange;
    const { content, result, failure, chunks, prompt, sources, figures } =
      await this.generator.generate(exchange);
    const finish: FinishReason = result ? result.finishReason : failure ? 'error' : 'stopped';
    if (failure && !(failure instanceof AppError)) {
      this.logger.warn(
        `answer failed (${finish}) after ${chunks} chunks: ${failure instanceof Error ? failure.name : 'error'}`,
      );
    }
    const model = result?.model ?? this.engine.model;
    const disclaimer = this.disclaimerFor(exchange.input.message, content);
    let saved: ChatMessage | null = null;
    if (content !== '' || result) {
      // Stored with the answer in one write: an answer without its audit record cannot exist.
      const audit = auditRow({
        messageId,
        userId: user.id,
        conversationId: conv.id,
        createdAt: new Date(),
        provider: prompt?.provider ?? 'none',
        model,
        promptSha256: prompt?.sha256 ?? '',
        tools: result?.tools ?? [],
        sources,
        figures,
        disclaimerShown: disclaimer !== null,
        finishReason: finish,
      });
      saved = await this.memory.append(
        {
          id: messageId,
          conversation_id: conv.id,
          user_id: user.id,
          role: 'assistant',
          content,
          sentiment: null,
          prompt_tokens: result?.usage?.prompt_tokens ?? null,
          completion_tokens: result?.usage?.completion_tokens ?? null,
          model,
          finish_reason: finish,
          client_message_id: null,
          reply_to: userMsg.id,
          sources,
          figures,
        },
        { touchConversation: true, audit },
      );
    }
    // Counted towards the daily quota as the LLM reported it, else as counted here (a stopped or
    // cut answer has no usage report); off the reply's path.
    const spent = result?.usage?.total_tokens ?? (content ? this.tokens.count(content) : 0);
    if (spent > 0) {
      this.quota
        .record(user.id, spent)
        .catch((err: unknown) =>
          this.logger.warn(`quota not recorded: ${err instanceof Error ? err.message : 'error'}`),
        );
    }
    if (failure) {
      if (failure instanceof AppError) throw failure;
      throw new AppError('assistant_unavailable', UNAVAILABLE, { cause: failure });
    }
    return {
      message_id: messageId,
      user_message_id: userMsg.id,
      conversation_id: conv.id,
      response: content,
      sentiment,
      model,
      finish_reason: finish,
      timestamp: saved?.timestamp ?? new Date().toISOString(),
      sources,
      figures,
      disclaimer,
      ...(result?.usage ? { usage: result.usage } : {}),
      ...(result?.degraded ? { degraded: true as const } : {}),
    };
  }

  /** Decided by code from the texts alone, so a repeat of the exchange gets the same answer. */
  private disclaimerFor(question: string, answer: string): string | null {
    return needsDisclaimer(question, answer) ? this.config.trust.disclaimerText : null;
  }

  /** Rebuilds the reply of an exchange that already happened (idempotent repeats). */
  private replyOf(userMsg: ChatMessage, answer: ChatMessage): ChatReply {
    const prompt = answer.prompt_tokens;
    const completion = answer.completion_tokens;
    return {
      message_id: answer.id,
      user_message_id: userMsg.id,
      conversation_id: userMsg.conversation_id,
      response: answer.content,
      sentiment: userMsg.sentiment ?? { label: 'neutral', score: 0, confidence: 0 },
      model: answer.model ?? this.engine.model,
      finish_reason: answer.finish_reason ?? 'stop',
      timestamp: answer.timestamp,
      sources: answer.sources ?? [],
      figures: answer.figures ?? { checked: 0, unverified: 0 },
      disclaimer: this.disclaimerFor(userMsg.content, answer.content),
      ...(prompt !== undefined && completion !== undefined
        ? {
            usage: {
              prompt_tokens: prompt,
              completion_tokens: completion,
              total_tokens: prompt + completion,
            },
          }
        : {}),
    };
  }
}
