import { Inject, Injectable } from '@nestjs/common';
import { compositeKey } from '../../common/keys/composite-key';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { LlmClient } from '../llm/llm-client';
import type { ChatMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import { ConversationSummarizer } from './conversation-summarizer';
import { moodOf } from './summary-mood';
import { tickersOf, topicsOf } from './topics';

export interface SentimentSummary {
  average: number;
  trend: 'improving' | 'worsening' | 'stable';
  distribution: { positive: number; negative: number; neutral: number };
}

export interface ConversationSummary {
  user_id: string;
  summary: string;
  message_count: number;
  first_message_at: string | null;
  last_message_at: string | null;
  topics: string[];
  tickers: string[];
  sentiment: SentimentSummary;
}

const TREND_THRESHOLD = 0.15;

/** One key per user (so erasing their data can drop it), holding the state it summarises. */
export const summaryCacheKey = (userId: string): string => compositeKey('summary', userId);
const round = (n: number): number => Math.round(n * 1000) / 1000;

const countBy = <T>(items: T[]): Map<T, number> => {
  const m = new Map<T, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
};
const byFrequency = <T>(items: T[], max: number): T[] =>
  [...countBy(items).entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([k]) => k);

/** The summary of everything a user has talked about: text, topics, tickers and mood. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly memory: MemoryService,
    private readonly summarizer: ConversationSummarizer,
    @Inject(LlmClient) private readonly llm: LlmClient | null,
    private readonly cache: HotCache,
  ) {}

  sentimentOf(messages: ChatMessage[]): SentimentSummary {
    const scores = messages
      .filter((m) => m.role === 'user' && m.sentiment)
      .map((m) => m.sentiment!);
    const distribution = { positive: 0, negative: 0, neutral: 0 };
    for (const s of scores) distribution[s.label]++;
    if (scores.length === 0) return { average: 0, trend: 'stable', distribution };
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const values = scores.map((s) => s.score);
    let trend: SentimentSummary['trend'] = 'stable';
    if (values.length >= 2) {
      const half = Math.floor(values.length / 2);
      const delta = avg(values.slice(values.length - half)) - avg(values.slice(0, half));
      trend =
        delta > TREND_THRESHOLD ? 'improving' : delta < -TREND_THRESHOLD ? 'worsening' : 'stable';
    }
    return { average: round(avg(values)), trend, distribution };
  }

  async summarize(userId: string): Promise<ConversationSummary> {
    const messages = await this.memory.all(userId);
    const userTexts = messages.filter((m) => m.role === 'user').map((m) => m.content);
    const topics = byFrequency(userTexts.flatMap(topicsOf), 6);
    // Like topics, tickers are what the user asked about; the assistant's examples are not.
    const tickers = byFrequency(userTexts.flatMap(tickersOf), 12);
    const sentiment = this.sentimentOf(messages);
    return {
      user_id: userId,
      summary: await this.text(userId, messages, topics, tickers, sentiment),
      message_count: messages.length,
      first_message_at: messages[0]?.timestamp ?? null,
      last_message_at: messages[messages.length - 1]?.timestamp ?? null,
      topics,
      tickers,
      sentiment,
    };
  }

  private async text(
    userId: string,
    messages: ChatMessage[],
    topics: string[],
    tickers: string[],
    sentiment: SentimentSummary,
  ): Promise<string> {
    if (messages.length === 0) return 'Todavía no hay conversaciones.';
    if (!this.llm) return this.extractive(messages, topics, tickers, sentiment);
    // The LLM summary is reused until a new message arrives.
    const last = messages[messages.length - 1];
    const state = `${messages.length}:${last.id}`;
    const cached = await this.cache.getJson<{ state: string; text: string }>(
      summaryCacheKey(userId),
    );
    if (cached?.state === state) return cached.text;
    const text = await this.summarizer.fold(null, messages.slice(-60));
    await this.cache.setJson(summaryCacheKey(userId), { state, text }, 3600);
    return text;
  }

  private extractive(
    messages: ChatMessage[],
    topics: string[],
    tickers: string[],
    s: SentimentSummary,
  ): string {
    const users = messages.filter((m) => m.role === 'user');
    const mood = moodOf(messages, s.average);
    const trend = {
      improving: 'y fue mejorando',
      worsening: 'y fue empeorando',
      stable: 'y se mantuvo estable',
    }[s.trend];
    const parts = [
      `${users.length} ${users.length === 1 ? 'consulta' : 'consultas'} en ${messages.length} mensajes.`,
      topics.length > 0 ? `Temas: ${topics.join(', ')}.` : 'Sin un tema financiero dominante.',
      tickers.length > 0 ? `Tickers mencionados: ${tickers.join(', ')}.` : '',
      `El tono del usuario fue ${mood} ${trend}.`,
      users.length > 0
        ? `Última consulta: "${users[users.length - 1].content.replace(/\s+/g, ' ').slice(0, 140)}".`
        : '',
    ];
    return parts.filter((p) => p !== '').join(' ');
  }
}
