import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import type { ConversationRecord } from '../../infrastructure/database/records';
import { isAbortError, LlmProvider, LlmResult } from '../../infrastructure/llm/llm-provider';
import { ContextService } from '../context/context.service';
import type { ChatMessage } from '../memory/chat-message';
import { MetricsService } from '../metrics/metrics.service';
import { PiiMasker, PiiVault } from '../privacy/pii-masker';
import type { ChatSink, SendMessageInput } from './chat-reply';
import { HistoryWindowService } from './history-window.service';
import { outputSanitizer } from './output/output-sanitizer';
import { placeholderRestorer } from './output/placeholder-restorer';
import { LEAK_REFUSAL, PromptLeakDetector } from './output/prompt-leak';
import { chain } from './output/stream-transform';
import { PromptBuilder } from './prompt/prompt.builder';

export interface GenerateInput {
  user: AuthUser;
  input: SendMessageInput;
  conv: ConversationRecord;
  userMsg: ChatMessage;
  sentiment: NonNullable<ChatMessage['sentiment']>;
  messageId: string;
  signal: AbortSignal;
  sink: ChatSink;
  /** The conversation was created for this message. */
  freshConversation: boolean;
}

export interface GeneratedAnswer {
  /** What reached the client (and is to be saved): restored and neutralised. */
  content: string;
  /** The model's result; null when stopped or failed. */
  result: LlmResult | null;
  /** Why it failed (null when it completed or was stopped). */
  failure: unknown;
  chunks: number;
}

/**
 * Produces one answer: context, history window and prompt; identifiers masked on the way out
 * and restored on the way back; output neutralised as it streams; the stream stopped if it
 * starts quoting the system prompt; LLM metrics recorded.
 */
@Injectable()
export class AnswerGenerator {
  private readonly logger = new Logger('AnswerGenerator');

  constructor(
    private readonly context: ContextService,
    private readonly windows: HistoryWindowService,
    private readonly prompts: PromptBuilder,
    private readonly llm: LlmProvider,
    private readonly masker: PiiMasker,
    private readonly metrics: MetricsService,
  ) {}

  async generate({
    user,
    input,
    conv,
    userMsg,
    sentiment,
    messageId,
    signal,
    sink,
    freshConversation,
  }: GenerateInput): Promise<GeneratedAnswer> {
    let content = '';
    let index = 0;
    let result: LlmResult | null = null;
    let failure: unknown = null;
    let leaked = false;
    // Identifiers are masked before anything leaves for the LLM and restored in its answer.
    const vault = new PiiVault();
    const output = chain(placeholderRestorer(this.masker, vault), outputSanitizer());
    // One controller for the LLM request: the caller's stop and the prompt-leak stop both abort
    // it. (AbortSignal.any would keep every combined signal alive while the SDK holds a
    // listener on it: about 2 KB leaked per message.)
    const llmAbort = new AbortController();
    const forwardStop = () => llmAbort.abort();
    if (signal.aborted) llmAbort.abort();
    signal.addEventListener('abort', forwardStop, { once: true });
    const llmSignal = llmAbort.signal;
    const leakDetector = new PromptLeakDetector();
    const emit = (text: string) => {
      if (text === '' || leaked) return;
      // Positions count from the start of `content`, which holds every piece pushed so far.
      const leakAt = leakDetector.push(text);
      if (leakAt >= 0) {
        leaked = true;
        content = `${content.slice(0, leakAt).trimEnd()}\n\n${LEAK_REFUSAL}`.trimStart();
        this.logger.warn(
          { message_id: messageId },
          'answer quoted the system prompt; stopped and replaced',
        );
        llmAbort.abort();
        return;
      }
      content += text;
      sink.onDelta?.(text, index++);
    };
    try {
      const ctx = await this.context.assemble(user, input.message, input.userContext);
      // A conversation opened by this very message has no earlier turns to read.
      const window = freshConversation
        ? { history: [], summary: null }
        : await this.windows.build(conv, user.id, userMsg.id);
      // Everything but the fixed system prompt goes through the masker.
      const messages = this.prompts.build(
        {
          question: input.message,
          sentiment: sentiment.label,
          context: ctx,
          history: window.history,
          summary: window.summary,
        },
        (text) => this.masker.mask(text, vault),
      );
      const provider = this.llm.name;
      const t0 = performance.now();
      let first = true;
      result = await this.llm.stream(
        {
          messages,
          signal: llmSignal,
          question: this.masker.mask(input.message, vault),
          context: {
            ...ctx.profile,
            sentiment_label: sentiment.label,
            sentiment_emotions: sentiment.emotions,
            profile_status: ctx.suitability?.status,
            profile_max_age_days: ctx.suitability?.maxAgeDays,
          },
          knowledge: ctx.knowledge,
        },
        (delta) => {
          if (first) {
            first = false;
            this.metrics.llmTimeToFirstToken.observe({ provider }, (performance.now() - t0) / 1000);
          }
          emit(output.push(delta));
        },
      );
      emit(output.flush());
      this.metrics.llmDuration.observe(
        { provider, outcome: 'ok' },
        (performance.now() - t0) / 1000,
      );
      if (result.usage) {
        this.metrics.llmTokens.inc({ provider, direction: 'in' }, result.usage.prompt_tokens);
        this.metrics.llmTokens.inc({ provider, direction: 'out' }, result.usage.completion_tokens);
      }
    } catch (err) {
      if (leaked) result = { finishReason: 'stop', model: this.llm.model };
      else if (!(signal.aborted || isAbortError(err))) failure = err;
      if (!leaked) emit(output.flush());
    } finally {
      signal.removeEventListener('abort', forwardStop);
    }
    return { content, result, failure, chunks: index };
  }
}
