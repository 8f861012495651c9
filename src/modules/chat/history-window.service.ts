import { Injectable } from '@nestjs/common';
import type { ConversationRecord } from '../../infrastructure/database/records';
import { TokenCounter } from '../../infrastructure/llm/token-counter';
import type { ChatMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { ConversationSummarizer } from './conversation-summarizer';

/** Token budget of earlier turns in one prompt, and a cap on how many. */
export const HISTORY_TOKEN_BUDGET = 2500;
export const HISTORY_MAX_MESSAGES = 30;
/** After folding, keep only this share of the budget so the next turns need no new summary. */
const REFILL_SHARE = 0.6;

export interface HistoryWindow {
  history: ChatMessage[];
  summary: string | null;
}

/**
 * Fits recent turns into the prompt's budget; turns that no longer fit are folded into the
 * conversation's rolling summary, so a long conversation never exceeds the context length.
 */
@Injectable()
export class HistoryWindowService {
  constructor(
    private readonly memory: MemoryService,
    private readonly tokens: TokenCounter,
    private readonly summarizer: ConversationSummarizer,
  ) {}

  private fitFrom(messages: ChatMessage[], budget: number, maxCount: number): number {
    let used = 0;
    let start = messages.length;
    while (start > 0 && messages.length - start < maxCount) {
      const cost = this.tokens.countMessage(messages[start - 1].content);
      if (used + cost > budget) break;
      used += cost;
      start--;
    }
    return start;
  }

  /**
   * The conversation's turns since its rolling summary, oldest first, without `excludeId` (the
   * question being answered) and without empty ones. Read before the question is stored: on a
   * cache miss this read refills the conversation's cached list, and a refill that landed after
   * the question's insert had appended to that list would drop the question from it.
   */
  async read(conv: ConversationRecord, userId: string, excludeId: string): Promise<ChatMessage[]> {
    const until = conv.summary_until ? new Date(conv.summary_until).getTime() : 0;
    return (await this.memory.history(userId, { conversationId: conv.id, limit: 200 })).filter(
      (m) =>
        m.id !== excludeId && m.content.trim() !== '' && new Date(m.timestamp).getTime() > until,
    );
  }

  /** The window of `recent` (from `read`): what does not fit is folded into the summary. */
  async fit(conv: ConversationRecord, recent: ChatMessage[]): Promise<HistoryWindow> {
    const start = this.fitFrom(recent, HISTORY_TOKEN_BUDGET, HISTORY_MAX_MESSAGES);
    if (start === 0) return { history: recent, summary: conv.summary };

    const keepFrom = this.fitFrom(
      recent,
      HISTORY_TOKEN_BUDGET * REFILL_SHARE,
      Math.floor(HISTORY_MAX_MESSAGES * REFILL_SHARE),
    );
    const folded = recent.slice(0, keepFrom);
    const summary = await this.summarizer.fold(conv.summary, folded);
    const summaryUntil = new Date(folded[folded.length - 1].timestamp);
    await this.memory.updateConversation(conv.id, {
      summary,
      summary_until: summaryUntil,
      updated_at: new Date(),
    });
    conv.summary = summary;
    conv.summary_until = summaryUntil;
    return { history: recent.slice(keepFrom), summary };
  }
}
