import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import type {
  AnswerSource,
  ConversationRecord,
  FigureCounts,
} from '../../infrastructure/database/records';
import { AssembledContext, ContextService } from '../context/context.service';
import type { ChatMessage } from '../memory/chat-message';
import { isAbortError } from '../llm/llm-client';
import { answerFigures } from '../market/figures/answer-figures';
import { MetricsService } from '../metrics/metrics.service';
import { PiiMasker, PiiVault } from '../privacy/pii-masker';
import { AnswerEngine, AnswerResult, PromptRecord } from './answer-engine';
import type { ReplyListener, SendMessageInput } from './chat-reply';
import { HistoryWindowService } from './history-window.service';
import { outputSanitizer } from './output/output-sanitizer';
import { placeholderRestorer } from './output/placeholder-restorer';
import { LEAK_REFUSAL, PromptLeakDetector } from './output/prompt-leak';
import { chain } from './output/stream-transform';

export interface GenerateInput {
  user: AuthUser;
  input: SendMessageInput;
  /** Started by `startContext` before anything else. */
  context: Promise<AssembledContext>;
  conversation: ConversationRecord;
  /** The conversation's earlier turns, from `earlierTurns`. */
  earlier: ChatMessage[];
  sentiment: NonNullable<ChatMessage['sentiment']>;
  messageId: string;
  signal: AbortSignal;
  listener: ReplyListener;
}

export interface GeneratedAnswer {
  /** What reached the client (and is to be saved): restored and neutralised. */
  content: string;
  /** The model's result; null when stopped or failed. */
  result: AnswerResult | null;
  /** Why it failed (null when it completed or was stopped). */
  failure: unknown;
  chunks: number;
  /** The sources of the figures the answer quotes, and the figure guard's counts. */
  sources: AnswerSource[];
  figures: FigureCounts;
  /** Who was asked and the prompt's hash (the audit trail); null when nothing was asked. */
  prompt: PromptRecord | null;
}

/**
 * Produces one answer: context and history window for the answer engine; identifiers masked on
 * the way out and restored on the way back; output neutralised as it streams; the stream stopped
 * if it starts quoting the system prompt.
 */
@Injectable()
export class AnswerGenerator {
  private readonly logger = new Logger('AnswerGenerator');

  constructor(
    private readonly context: ContextService,
    private readonly windows: HistoryWindowService,
    private readonly engine: AnswerEngine,
    private readonly masker: PiiMasker,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Profile, market and knowledge for the answer: none of it depends on the stored question, so
   * the caller starts it first and stores the question meanwhile. Its failure surfaces when
   * `generate` awaits it (never as an unhandled rejection if the question fails first).
   */
  startContext(user: AuthUser, input: SendMessageInput): Promise<AssembledContext> {
    const started = this.context.assemble(user, input.message, input.userContext);
    started.catch(() => undefined);
    return started;
  }

  /**
   * The conversation's earlier turns for the history window, never the question being answered
   * (`questionId`). Read before the question is stored (see `HistoryWindowService.read`), so
   * the answer can then be generated while it is stored. None for a conversation opened by this
   * very message.
   */
  earlierTurns(
    user: AuthUser,
    conversation: ConversationRecord,
    questionId: string,
    fresh: boolean,
  ): Promise<ChatMessage[]> {
    return fresh ? Promise.resolve([]) : this.windows.read(conversation, user.id, questionId);
  }

  async generate({
    user,
    input,
    context,
    conversation,
    earlier,
    sentiment,
    messageId,
    signal,
    listener,
  }: GenerateInput): Promise<GeneratedAnswer> {
    let content = '';
    let index = 0;
    let result: AnswerResult | null = null;
    let failure: unknown = null;
    let leaked = false;
    let attribution: { sources: AnswerSource[]; figures: FigureCounts } = {
      sources: [],
      figures: { checked: 0, unverified: 0 },
    };
    let prompt: PromptRecord | null = null;
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
      listener.onDelta?.(text, index++);
    };
    try {
      const ctx = await context;
      const window = await this.windows.fit(conversation, earlier);
      // Stopped meanwhile, or the question could not be stored: nothing is asked.
      llmSignal.throwIfAborted();
      result = await this.engine.answer(
        {
          question: input.message,
          sentiment: sentiment.label,
          emotions: sentiment.emotions,
          context: ctx,
          history: window.history,
          summary: window.summary,
          mask: (text) => this.masker.mask(text, vault),
          signal: llmSignal,
          caller: { userId: user.id, token: user.token },
          onTool: (tool, status) => listener.onTool?.({ message_id: messageId, tool, status }),
          onPrompt: (p) => {
            prompt = p;
          },
        },
        (delta) => emit(output.push(delta)),
      );
      emit(output.flush());
      if (!leaked) {
        const checked = answerFigures({
          answer: content,
          toolResults: result.toolResults ?? [],
          toolSources: result.sources ?? [],
          snapshot: ctx.market,
          texts: [
            input.message,
            ...window.history.map((m) => m.content),
            ...(window.summary ? [window.summary] : []),
            ...ctx.knowledge.map((h) => h.passage.text),
          ],
          data: [ctx.profile],
        });
        attribution = { sources: checked.sources, figures: checked.figures };
        if (checked.notice) {
          this.metrics.unverifiedFigures.inc(checked.figures.unverified);
          emit(checked.notice);
        }
      }
    } catch (err) {
      if (leaked) result = { finishReason: 'stop', model: this.engine.model };
      else if (!(signal.aborted || isAbortError(err))) failure = err;
      if (!leaked) emit(output.flush());
    } finally {
      signal.removeEventListener('abort', forwardStop);
    }
    return { content, result, failure, chunks: index, prompt, ...attribution };
  }
}
