import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { HotCache } from '../../../src/infrastructure/cache/hot-cache';
import { MemoryHotCache } from '../../../src/infrastructure/cache/memory-hot-cache';
import { MemoryService } from '../../../src/modules/memory/memory.service';
import { MetricsService } from '../../../src/modules/metrics/metrics.service';
import { InMemoryMessageStore } from './in-memory-message-store';

/**
 * MemoryService wired by hand with the in-memory store and hot cache (either may be replaced,
 * e.g. by a subclass that records calls or fails), in the style of `newTestChatService`.
 */
export function newTestMemoryService<
  S extends InMemoryMessageStore = InMemoryMessageStore,
  C extends HotCache = MemoryHotCache,
>(adapters: { store?: S; cache?: C; env?: Record<string, string> } = {}) {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'memory-unit-')),
    ...adapters.env,
  });
  const store = adapters.store ?? (new InMemoryMessageStore() as S);
  const cache = adapters.cache ?? (new MemoryHotCache() as unknown as C);
  const metrics = new MetricsService();
  const memory = new MemoryService(store, cache, config, metrics);
  return { memory, store, cache, metrics, config };
}
