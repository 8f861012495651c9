import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { ChatService } from '../chat/chat.service';
import { summaryCacheKey } from '../chat/summary.service';
import { profileCacheKey } from '../context/profile-source';
import { KnowledgeBase } from '../knowledge/knowledge-base';
import { MemoryService } from '../memory/memory.service';
import { ErasureChannel, RealtimeTrail } from './erasure-ports';

/**
 * Completes a deletion of history beyond the database and the cached windows (which the memory
 * service handles, pseudonymising the audit trail in the same transaction): the summary and
 * profile caches, the realtime recovery stream, and what every instance keeps in its process.
 * docs/privacy.md lists each place.
 */
@Injectable()
export class ErasureService implements OnModuleDestroy {
  private readonly logger = new Logger('ErasureService');

  constructor(
    private readonly memory: MemoryService,
    private readonly chat: ChatService,
    private readonly knowledge: KnowledgeBase,
    private readonly cache: HotCache,
    private readonly trail: RealtimeTrail,
    private readonly channel: ErasureChannel,
  ) {
    memory.onHistoryDeleted((userId, conversationId) => this.afterDeletion(userId, conversationId));
    channel.subscribe((userId) => this.forgetInProcess(userId));
  }

  /** What this process keeps derived from the user's text (replies, search results by query). */
  forgetInProcess(userId: string): void {
    this.chat.forgetReplies(userId);
    // Cached by query text, not by user: clearing it all is cheap (the corpus is in memory).
    this.knowledge.forgetCachedSearches();
  }

  async afterDeletion(userId: string, conversationId?: string): Promise<void> {
    const steps: [string, Promise<unknown>][] = [
      ['summary cache', this.cache.del(summaryCacheKey(userId))],
      ['realtime stream', this.trail.eraseUser(userId)],
      ['other instances', this.channel.publish(userId)],
    ];
    if (!conversationId) steps.push(['profile cache', this.cache.del(profileCacheKey(userId))]);
    this.forgetInProcess(userId);
    const results = await Promise.allSettled(steps.map(([, p]) => p));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        this.logger.error(
          { user_id: userId, step: steps[i][0] },
          `erasure step failed: ${r.reason instanceof Error ? r.reason.message : 'error'}`,
        );
      }
    });
  }

  /**
   * After the retention sweep deleted these conversations: their cached windows and summaries,
   * and what every instance keeps in its process, go too.
   */
  async afterExpiry(conversations: { id: string; user_id: string }[]): Promise<void> {
    const users = new Set(conversations.map((c) => c.user_id));
    await Promise.allSettled([
      ...conversations.map((c) => this.memory.forgetCachedWindows(c.user_id, c.id)),
      ...[...users].map((u) => this.cache.del(summaryCacheKey(u))),
      ...[...users].map((u) => this.channel.publish(u)),
    ]);
    for (const u of users) this.forgetInProcess(u);
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel.close();
  }
}
