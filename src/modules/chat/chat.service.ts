import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppConfig } from '../../config/app-config';
import { ShutdownState } from '../health/shutdown-state';
import { ChatOutcome, MetricsService } from '../metrics/metrics.service';
import { AppError } from '../../common/errors/app-error';
import type { ConversationRecord, FinishReason } from '../../infrastructure/database/records';
import type { ChatMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { QuotaService } from '../quota/quota.service';
import { TokenCounter } from '../../infrastructure/llm/token-counter';
import { Sentiment, SentimentAnalyzer } from '../sentiment/sentiment.types';
import type { ChatReply, ReplyListener, SendMessageInput } from './chat-reply';
import { GenerationRegistry } from './generation.registry';
import { AnswerEngine } from './answer-engine';
import { AnswerGenerator, GeneratedAnswer } from './answer-generator';
import { IdempotentReplies } from './idempotent-replies';
import type { AnswerTicket } from '../admission/answer-ticket';
import { busyError } from '../admission/answer-ticket';
import { auditRow } from '../audit/audit-record';
import { needsDisclaimer } from '../suitability/disclaimer-policy';

export const MESSAGE_MAX_CHARS = 4000;

const OUTCOME: Record<FinishReason, ChatOutcome> = {
  stop: 'completed',
  length: 'completed',
  stopped: 'stopped',
  error: 'failed',
};

const UNAVAILABLE =
  'El asistente no está disponible en este momento. Tu mensaje quedó guardado; probá de nuevo en unos minutos.';

/** One exchange once admitted: the answer's id and how to stop it. */
interface Admitted {
  messageId: string;
  controller: AbortController;
}

/**
 * The chat pipeline, the same for every transport (REST, SSE, Socket.IO, plain WebSocket):
 * admit → analyse → save the question ∥ generate the answer → save it (also when stopped or
 * failed, with its finish_reason) → the contract's ChatReply. The answer is generated while the
 * question is stored, but nothing of it streams before the question is committed, and an answer
 * whose question could not be stored is abandoned: nothing is answered that was not saved.
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger('ChatService');

  constructor(
    private readonly memory: MemoryService,
    private readonly sentiment: SentimentAnalyzer,
    private readonly engine: AnswerEngine,
    private readonly generations: GenerationRegistry,
    private readonly generator: AnswerGenerator,
    private readonly replies: IdempotentReplies,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownState,
    private readonly quota: QuotaService,
    private readonly tokens: TokenCounter,
  ) {}

  /**
   * `ticket`: the admission step's decision for this message (`AdmissionService.admitMessage`);
   * its quota and answer-lock verdicts apply only if a new answer is generated, and it is
   * released when the exchange ends.
   */
  async send(
    user: AuthUser,
    input: SendMessageInput,
    ticket: AnswerTicket,
    listener: ReplyListener = {},
    signal?: AbortSignal,
  ): Promise<ChatReply> {
    let replayed = false;
    try {
      const message = this.validMessage(input.message);
      const reply = await this.replies.once(user.id, input.clientMessageId, {
        exchange: (prior) =>
          this.exchange(user, { ...input, message }, ticket, listener, signal, prior),
        // Socket doors send every event of an exchange to all of the user's socket connections.
        broadcast: input.transport === 'socketio' || input.transport === 'ws',
        onReplay: (earlier, broadcast) => {
          replayed = true;
          listener.onReplay?.(earlier, broadcast);
        },
      });
      const outcome = replayed ? 'replayed' : OUTCOME[reply.finish_reason];
      this.metrics.chatMessages.inc({ door: input.transport, outcome });
      return reply;
    } catch (err) {
      const outcome = err instanceof AppError && err.code === 'busy' ? 'busy' : 'failed';
      this.metrics.chatMessages.inc({ door: input.transport, outcome });
      throw err;
    } finally {
      await ticket.release();
    }
  }

  /** Forgets the replies kept for repeats (the user's data was erased on another instance). */
  forgetReplies(userId: string): void {
    this.replies.forget(userId);
  }

  /** Stops the user's answer in flight; the partial answer is kept. */
  stop(userId: string, messageId?: string): string | null {
    return this.generations.stop(userId, messageId);
  }

  private validMessage(message: string): string {
    if (this.shutdown.shuttingDown) {
      throw new AppError(
        'assistant_unavailable',
        'El servicio se está reiniciando. Probá de nuevo en unos segundos.',
      );
    }
    const text = message.trim();
    if (text.length === 0 || text.length > MESSAGE_MAX_CHARS) {
      throw new AppError(
        'invalid_input',
        `El mensaje debe tener entre 1 y ${MESSAGE_MAX_CHARS} caracteres, sin contar los espacios de los extremos.`,
      );
    }
    return text;
  }

  /** `prior`: the question stored by an earlier attempt whose answer was interrupted. */
  private async exchange(
    user: AuthUser,
    input: SendMessageInput,
    ticket: AnswerTicket,
    listener: ReplyListener,
    signal: AbortSignal | undefined,
    prior: ChatMessage | null,
  ): Promise<ChatReply> {
    const admitted = this.admit(user.id, ticket);
    const onAbort = () => admitted.controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const context = this.generator.startContext(user, input);
      const existing = prior?.conversation_id ?? input.conversationId;
      const conversation = existing
        ? await this.memory.getOwnConversation(user.id, existing)
        : this.memory.newConversation(user.id, input.message.replace(/\s+/g, ' ').slice(0, 60));
      const questionId = prior?.id ?? randomUUID();
      const [earlier, sentiment] = await Promise.all([
        this.generator.earlierTurns(user, conversation, questionId, !existing),
        prior?.sentiment ?? this.sentiment.analyze(input.message),
      ]);
      // The question is stored while its answer is generated; the answer streams once it is.
      const stored = streamOnceStored(
        prior ?? this.saveQuestion(user, input, conversation, sentiment, !existing, questionId),
        listener,
        (question) =>
          listener.onStart?.({
            message_id: admitted.messageId,
            user_message_id: question.id,
            conversation_id: conversation.id,
          }),
        () => admitted.controller.abort(),
      );
      const answer = await this.generator.generate({
        user,
        input,
        context,
        conversation,
        earlier,
        sentiment,
        messageId: admitted.messageId,
        signal: admitted.controller.signal,
        listener: stored.listener,
      });
      // If the question could not be stored: the store's error (nothing streamed, nothing saved).
      const question = await stored.question;
      return await this.saveAnswer(
        user,
        input,
        conversation,
        question,
        sentiment,
        admitted,
        answer,
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.generations.finish(user.id, admitted.messageId);
    }
  }

  /**
   * A new answer may start: within the day's quota (refused before anything is stored or asked
   * of the LLM), and the only one in flight for the user, across instances (the ticket's answer
   * lock) and here.
   */
  private admit(userId: string, ticket: AnswerTicket): Admitted {
    ticket.assertAdmitted();
    if (this.generations.isBusy(userId)) throw busyError();
    const admitted = { messageId: ticket.messageId, controller: new AbortController() };
    this.generations.start(userId, admitted.messageId, admitted.controller);
    return admitted;
  }

  /** A new conversation is stored together with its first message. */
  private saveQuestion(
    user: AuthUser,
    input: SendMessageInput,
    conversation: ConversationRecord,
    sentiment: Sentiment,
    fresh: boolean,
    id: string,
  ): Promise<ChatMessage> {
    return this.memory.append(
      {
        id,
        conversation_id: conversation.id,
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
      fresh ? { newConversation: conversation } : { touchConversation: true },
    );
  }

  private async saveAnswer(
    user: AuthUser,
    input: SendMessageInput,
    conversation: ConversationRecord,
    question: ChatMessage,
    sentiment: Sentiment,
    { messageId }: Admitted,
    { content, result, failure, chunks, prompt, sources, figures }: GeneratedAnswer,
  ): Promise<ChatReply> {
    const finish: FinishReason = result ? result.finishReason : failure ? 'error' : 'stopped';
    if (failure && !(failure instanceof AppError)) {
      this.logger.warn(
        `answer failed (${finish}) after ${chunks} chunks: ${failure instanceof Error ? failure.name : 'error'}`,
      );
    }
    const model = result?.model ?? this.engine.model;
    const disclaimer = this.disclaimerFor(input.message, content);
    let saved: ChatMessage | null = null;
    if (content !== '' || result) {
      // Stored with the answer in one write: an answer without its audit record cannot exist.
      const audit = auditRow({
        messageId,
        userId: user.id,
        conversationId: conversation.id,
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
          conversation_id: conversation.id,
          user_id: user.id,
          role: 'assistant',
          content,
          sentiment: null,
          prompt_tokens: result?.usage?.prompt_tokens ?? null,
          completion_tokens: result?.usage?.completion_tokens ?? null,
          model,
          finish_reason: finish,
          client_message_id: null,
          reply_to: question.id,
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
      user_message_id: question.id,
      conversation_id: conversation.id,
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
}

/**
 * The answer streams while its question is being stored (`saving`): the listener returned
 * holds the answer's deltas and tool statuses until the question is committed, then `onStored`
 * (the exchange's start) is told and what was held is released in order; from then on
 * everything passes through. If the question cannot be stored, nothing is released, `abort`
 * stops the answer, and `question` rejects with the store's error.
 */
function streamOnceStored(
  saving: ChatMessage | Promise<ChatMessage>,
  listener: ReplyListener,
  onStored: (question: ChatMessage) => void,
  abort: () => void,
): { listener: ReplyListener; question: Promise<ChatMessage> } {
  let held: (() => void)[] | null = [];
  const pass = (event: () => void) => (held ? held.push(event) : event());
  const question = Promise.resolve(saving).then((q) => {
    onStored(q);
    for (let i = 0; held && i < held.length; i++) held[i]();
    held = null;
    return q;
  });
  question.catch(abort);
  return {
    question,
    listener: {
      onDelta: (delta, index) => pass(() => listener.onDelta?.(delta, index)),
      onTool: (event) => pass(() => listener.onTool?.(event)),
    },
  };
}
