import { AppError } from '../../common/errors/app-error';
import { HotCache, ListRead } from '../../infrastructure/cache/hot-cache';
import { MemoryHotCache } from '../../infrastructure/cache/memory-hot-cache';
import type { AuditRecordRow, MessageRecord } from '../../infrastructure/database/records';
import {
  InMemoryMessageStore,
  PausableMessageStore,
} from '../../../test/support/unit/in-memory-message-store';
import { newTestMemoryService } from '../../../test/support/unit/new-test-memory-service';
import { HOT_WINDOW, NewMessage } from './memory.service';
import type { InsertOptions } from './message-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const message = (over: Partial<NewMessage> = {}): NewMessage => ({
  conversation_id: 'c1',
  user_id: 'u1',
  role: 'user',
  content: 'hola',
  sentiment: null,
  prompt_tokens: null,
  completion_tokens: null,
  model: null,
  finish_reason: null,
  client_message_id: null,
  reply_to: null,
  ...over,
});

/** A stored record with an explicit time (for the sweeper's "older than"). */
const record = (
  over: Partial<MessageRecord> & { id: string; created_at: Date },
): MessageRecord => ({
  ...message(),
  ...over,
});

/** Records what reaches the cache, and otherwise behaves as the in-process cache. */
class RecordingHotCache extends MemoryHotCache {
  readonly appends: { keys: string[]; maxLen: number; ttlS: number }[] = [];
  readonly refills: { key: string; ttlS: number; written: boolean }[] = [];

  override appendToLists<T>(
    versionKey: string,
    keys: string[],
    items: T[],
    maxLen: number,
    ttlS: number,
  ) {
    this.appends.push({ keys, maxLen, ttlS });
    return super.appendToLists(versionKey, keys, items, maxLen, ttlS);
  }

  override async refillList<T>(
    key: string,
    versionKey: string,
    version: string,
    items: T[],
    ttlS: number,
  ) {
    const written = await super.refillList(key, versionKey, version, items, ttlS);
    this.refills.push({ key, ttlS, written });
    return written;
  }
}

/** A cache that breaks the port's promise to fail soft: every call rejects. */
class ThrowingHotCache extends HotCache {
  readonly kind = 'memory' as const;
  private fail(): Promise<never> {
    return Promise.reject(new Error('cache down'));
  }
  readList<T>(): Promise<ListRead<T>> {
    return this.fail();
  }
  refillList(): Promise<boolean> {
    return this.fail();
  }
  appendToLists(): Promise<void> {
    return this.fail();
  }
  dropLists(): Promise<void> {
    return this.fail();
  }
  getJson<T>(): Promise<T | null> {
    return this.fail();
  }
  setJson(): Promise<void> {
    return this.fail();
  }
  del(): Promise<void> {
    return this.fail();
  }
  ping(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

/** Keeps the options of every insert. */
class RecordingStore extends InMemoryMessageStore {
  readonly inserts: InsertOptions[] = [];
  override insertMessage(m: MessageRecord, opts: InsertOptions = {}): Promise<void> {
    this.inserts.push(opts);
    return super.insertMessage(m, opts);
  }
}

function setup() {
  const t = newTestMemoryService();
  const listMessages = jest.spyOn(t.store, 'listMessages');
  return { ...t, listMessages };
}

describe('MemoryService', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('append', () => {
    it('stores the message with a fresh id and a server timestamp and returns it as a ChatMessage', async () => {
      const { memory, store } = setup();
      const before = Date.now();
      const chat = await memory.append(message({ content: '¿Qué es un CEDEAR?' }));
      expect(chat.id).toMatch(UUID);
      expect(store.messages).toHaveLength(1);
      const stored = store.messages[0];
      expect(stored).toMatchObject({ id: chat.id, user_id: 'u1', content: '¿Qué es un CEDEAR?' });
      expect(stored.created_at.getTime()).toBeGreaterThanOrEqual(before);
      // Null columns are left out of the ChatMessage.
      expect(chat).toEqual({
        id: chat.id,
        conversation_id: 'c1',
        role: 'user',
        content: '¿Qué es un CEDEAR?',
        timestamp: stored.created_at.toISOString(),
      });
    });

    it('gives each message its own id', async () => {
      const { memory } = setup();
      const a = await memory.append(message());
      const b = await memory.append(message());
      expect(a.id).not.toBe(b.id);
    });

    it('keeps the id the caller chose', async () => {
      const { memory, store } = setup();
      const chat = await memory.append(message({ id: 'answer-1', role: 'assistant' }));
      expect(chat.id).toBe('answer-1');
      expect(store.messages[0].id).toBe('answer-1');
    });

    it('gives messages written in the same millisecond strictly increasing timestamps', async () => {
      const { memory, store } = setup();
      jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-03-01T12:00:00.000Z'));
      await memory.append(message({ content: 'a' }));
      await memory.append(message({ content: 'b' }));
      await memory.append(message({ content: 'c' }));
      expect(store.messages.map((m) => m.created_at.toISOString())).toEqual([
        '2025-03-01T12:00:00.000Z',
        '2025-03-01T12:00:00.001Z',
        '2025-03-01T12:00:00.002Z',
      ]);
    });

    it('creates the new conversation in the same write as its first message', async () => {
      const { memory, store } = newTestMemoryService({ store: new RecordingStore() });
      const conv = memory.newConversation('u1', 'Dólar MEP');
      expect(store.conversations).toHaveLength(0);
      await memory.append(message({ conversation_id: conv.id }), { newConversation: conv });
      expect(store.inserts).toEqual([{ newConversation: conv }]);
      expect(store.conversations).toEqual([conv]);
      await expect(memory.getOwnConversation('u1', conv.id)).resolves.toEqual(conv);
    });

    it('touches the conversation (updated_at = the message’s time) when asked', async () => {
      const { memory, store } = setup();
      const conv = await memory.createConversation('u1', null);
      await memory.append(message({ conversation_id: conv.id }), { touchConversation: true });
      expect(store.conversations[0].updated_at).toEqual(store.messages[0].created_at);
      expect(store.conversations[0].updated_at.getTime()).toBeGreaterThan(
        conv.created_at.getTime(),
      );
    });

    it('passes the answer’s audit record to the store with the message', async () => {
      const { memory, store } = newTestMemoryService({ store: new RecordingStore() });
      const audit = { message_id: 'a1', user_id: 'u1' } as AuditRecordRow;
      await memory.append(message({ id: 'a1', role: 'assistant' }), { audit });
      expect(store.inserts).toHaveLength(1);
      expect(store.inserts[0].audit).toBe(audit);
    });

    it('appends to the cached windows that exist: the user’s and the conversation’s', async () => {
      const { memory, listMessages } = setup();
      await memory.append(message({ content: 'a' }));
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(listMessages).toHaveBeenCalledTimes(2);
      await memory.append(message({ content: 'b' }));
      const all = await memory.history('u1', { limit: 10 });
      const conv = await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(listMessages).toHaveBeenCalledTimes(2); // both served from the cache
      expect(all.map((m) => m.content)).toEqual(['a', 'b']);
      expect(conv.map((m) => m.content)).toEqual(['a', 'b']);
    });

    it('does not add a message of one conversation to another conversation’s window', async () => {
      const { memory } = setup();
      await memory.append(message({ content: 'a' }));
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      await memory.append(message({ content: 'otra', conversation_id: 'c2' }));
      const conv = await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(conv.map((m) => m.content)).toEqual(['a']);
    });

    it('appends with the hot window’s length and the configured TTL', async () => {
      const cache = new RecordingHotCache();
      const { memory } = newTestMemoryService({ cache, env: { CACHE_TTL_S: '123' } });
      await memory.append(message());
      expect(cache.appends).toHaveLength(1);
      expect(cache.appends[0]).toMatchObject({ maxLen: HOT_WINDOW, ttlS: 123 });
      expect(HOT_WINDOW).toBe(200);
    });

    it('surfaces a store failure unchanged (storage_unavailable) and leaves the cached window as it was', async () => {
      const { memory, store } = setup();
      await memory.append(message({ content: 'a' }));
      await memory.history('u1', { limit: 10 });
      store.failNextInsert = new AppError('storage_unavailable', 'caído');
      await expect(memory.append(message({ content: 'b' }))).rejects.toMatchObject({
        code: 'storage_unavailable',
      });
      expect(store.messages.map((m) => m.content)).toEqual(['a']);
      expect((await memory.history('u1', { limit: 10 })).map((m) => m.content)).toEqual(['a']);
    });

    it('writes the database first: a cache that fails loses no message', async () => {
      const { memory, store } = newTestMemoryService({ cache: new ThrowingHotCache() });
      await expect(memory.append(message({ content: 'a' }))).rejects.toThrow('cache down');
      expect(store.messages.map((m) => m.content)).toEqual(['a']);
    });
  });

  describe('history', () => {
    async function seed(memory: ReturnType<typeof setup>['memory']) {
      await memory.append(message({ content: '1', conversation_id: 'c1' }));
      await memory.append(message({ content: '2', conversation_id: 'c2' }));
      await memory.append(message({ content: 'ajeno', user_id: 'u2', conversation_id: 'c9' }));
      await memory.append(message({ content: '3', conversation_id: 'c1' }));
      await memory.append(message({ content: '4', conversation_id: 'c2' }));
      await memory.append(message({ content: '5', conversation_id: 'c1' }));
    }

    it('returns the newest `limit` of the user’s messages, oldest first (from the store)', async () => {
      const { memory } = setup();
      await seed(memory);
      const page = await memory.history('u1', { limit: 3 });
      expect(page.map((m) => m.content)).toEqual(['3', '4', '5']);
    });

    it('returns the newest `limit`, oldest first, from the cache too', async () => {
      const { memory, listMessages } = setup();
      await seed(memory);
      await memory.history('u1', { limit: 10 });
      const page = await memory.history('u1', { limit: 3 });
      expect(listMessages).toHaveBeenCalledTimes(1);
      expect(page.map((m) => m.content)).toEqual(['3', '4', '5']);
    });

    it('returns only the user’s own messages', async () => {
      const { memory } = setup();
      await seed(memory);
      expect((await memory.history('u1', { limit: 50 })).map((m) => m.content)).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
      expect((await memory.history('u2', { limit: 50 })).map((m) => m.content)).toEqual(['ajeno']);
    });

    it('returns one conversation’s messages when given its id', async () => {
      const { memory } = setup();
      await seed(memory);
      const c1 = await memory.history('u1', { limit: 50, conversationId: 'c1' });
      expect(c1.map((m) => m.content)).toEqual(['1', '3', '5']);
      // Then from the cache, still that conversation's only.
      const again = await memory.history('u1', { limit: 2, conversationId: 'c1' });
      expect(again.map((m) => m.content)).toEqual(['3', '5']);
    });

    it('treats a limit below 1 as 1 (the newest message)', async () => {
      const { memory } = setup();
      await seed(memory);
      expect((await memory.history('u1', { limit: 0 })).map((m) => m.content)).toEqual(['5']);
      expect((await memory.history('u1', { limit: -4 })).map((m) => m.content)).toEqual(['5']);
    });

    it('reads a whole hot window from the store on a miss, whatever the limit, and serves larger pages from the cache', async () => {
      const { memory, store, listMessages } = setup();
      for (let i = 0; i < HOT_WINDOW + 50; i++) await memory.append(message({ content: `m${i}` }));
      expect(await memory.history('u1', { limit: 2 })).toHaveLength(2);
      expect(listMessages).toHaveBeenCalledWith({ userId: 'u1', limit: HOT_WINDOW });
      store.messages.length = 0; // what follows can only come from the cache
      const page = await memory.history('u1', { limit: 1000 });
      expect(page).toHaveLength(HOT_WINDOW);
      expect(page[0].content).toBe('m50');
      expect(page[HOT_WINDOW - 1].content).toBe(`m${HOT_WINDOW + 49}`);
    });

    it('fills the cache on a miss (with the configured TTL) and serves the next call from it', async () => {
      const cache = new RecordingHotCache();
      const { memory, store } = newTestMemoryService({ cache, env: { CACHE_TTL_S: '321' } });
      await memory.append(message({ content: 'a' }));
      const listMessages = jest.spyOn(store, 'listMessages');
      await memory.history('u1', { limit: 10 });
      expect(cache.refills).toEqual([
        { key: expect.any(String) as string, ttlS: 321, written: true },
      ]);
      const again = await memory.history('u1', { limit: 10 });
      expect(listMessages).toHaveBeenCalledTimes(1);
      expect(again.map((m) => m.content)).toEqual(['a']);
    });

    it('caches an empty history too (no second read of the store)', async () => {
      const { memory, listMessages } = setup();
      expect(await memory.history('u1', { limit: 10 })).toEqual([]);
      expect(await memory.history('u1', { limit: 10 })).toEqual([]);
      expect(listMessages).toHaveBeenCalledTimes(1);
    });

    it('serves the same messages from the cache as from the store', async () => {
      const { memory } = setup();
      await memory.append(message({ content: 'q', client_message_id: 'k1' }));
      await memory.append(
        message({
          role: 'assistant',
          content: 'r',
          model: 'm',
          prompt_tokens: 3,
          completion_tokens: 4,
          finish_reason: 'stop',
          reply_to: 'x',
        }),
      );
      const fromStore = await memory.history('u1', { limit: 10 });
      const fromCache = await memory.history('u1', { limit: 10 });
      expect(fromCache).toEqual(fromStore);
      expect(fromStore[1]).toMatchObject({ model: 'm', prompt_tokens: 3, reply_to: 'x' });
    });

    it('counts every lookup as a cache hit or miss', async () => {
      const { memory, metrics } = setup();
      const lookups = jest.spyOn(metrics, 'cacheLookup');
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(lookups.mock.calls).toEqual([[false], [true], [false]]);
      expect(await metrics.metrics()).toMatch(/cache_lookups_total\{result="hit"\} 1/);
    });

    it('keeps conversation windows per user: another user asking for the id gets nothing', async () => {
      const { memory } = setup();
      await memory.append(message({ content: 'privado' }));
      expect(await memory.history('u1', { limit: 10, conversationId: 'c1' })).toHaveLength(1);
      expect(await memory.history('u2', { limit: 10, conversationId: 'c1' })).toEqual([]);
    });

    it('keeps apart the windows of ids that only differ in where the separator falls', async () => {
      const { memory } = setup();
      await memory.append(message({ user_id: 'ana', conversation_id: 'x:1', content: 'de ana' }));
      await memory.history('ana', { limit: 10, conversationId: 'x:1' });
      expect(await memory.history('ana:x', { limit: 10, conversationId: '1' })).toEqual([]);
    });
  });

  /**
   * A history read that misses reads the store, then refills the cache: a change that lands in
   * between (an append, a deletion) must not be undone by the refill written after it.
   */
  describe('history refilled while the history changes', () => {
    function paused() {
      const store = new PausableMessageStore();
      return { ...newTestMemoryService({ store }), store };
    }
    const windows: [string, string | undefined][] = [
      ['the user’s window', undefined],
      ['a conversation’s window', 'c1'],
    ];
    const contents = (page: { content: string }[]) => page.map((m) => m.content);

    it.each(windows)(
      'keeps a message appended during the refill of %s (then and after later appends)',
      async (_name, conversationId) => {
        const { memory, store } = paused();
        await memory.append(message({ content: 'a' }));
        const held = store.holdNextList();
        const reading = memory.history('u1', { limit: 10, conversationId });
        await held.reached; // the store was read: only 'a'
        await memory.append(message({ content: 'b' }));
        held.release();
        // The read began before 'b' was stored: it may answer without it.
        expect(contents(await reading)).toEqual(['a']);
        expect(contents(await memory.history('u1', { limit: 10, conversationId }))).toEqual([
          'a',
          'b',
        ]);
        await memory.append(message({ content: 'c' }));
        expect(contents(await memory.history('u1', { limit: 10, conversationId }))).toEqual([
          'a',
          'b',
          'c',
        ]);
      },
    );

    it.each(windows)(
      'never brings back messages deleted (all of the user’s) during the refill of %s',
      async (_name, conversationId) => {
        const { memory, store } = paused();
        const c1 = memory.newConversation('u1', null);
        c1.id = 'c1';
        await memory.append(message({ content: 'secreto' }), { newConversation: c1 });
        const held = store.holdNextList();
        const reading = memory.history('u1', { limit: 10, conversationId });
        await held.reached;
        await expect(memory.deleteHistory('u1')).resolves.toBe(1);
        held.release();
        await reading;
        expect(store.messages).toEqual([]);
        expect(await memory.history('u1', { limit: 10, conversationId })).toEqual([]);
        expect(await memory.history('u1', { limit: 10 })).toEqual([]);
        expect(await memory.history('u1', { limit: 10, conversationId: 'c1' })).toEqual([]);
      },
    );

    it.each(windows)(
      'never brings back a conversation deleted during the refill of %s',
      async (_name, conversationId) => {
        const { memory, store } = paused();
        await memory.append(message({ content: 'secreto' }));
        await memory.append(message({ content: 'otra', conversation_id: 'c2' }));
        const held = store.holdNextList();
        const reading = memory.history('u1', { limit: 10, conversationId });
        await held.reached;
        await memory.deleteHistory('u1', 'c1');
        held.release();
        await reading;
        expect(contents(await memory.history('u1', { limit: 10 }))).toEqual(['otra']);
        expect(await memory.history('u1', { limit: 10, conversationId: 'c1' })).toEqual([]);
      },
    );

    it('reads the store again after cached windows are dropped during the refill (a rating)', async () => {
      const { memory, store } = paused();
      await memory.append(message({ role: 'assistant', content: 'r' }));
      const held = store.holdNextList();
      const reading = memory.history('u1', { limit: 10 });
      await held.reached;
      store.messages[0].feedback = { rating: 'down' };
      await memory.forgetCachedWindows('u1', 'c1');
      held.release();
      await reading;
      expect((await memory.history('u1', { limit: 10 }))[0].feedback).toEqual({ rating: 'down' });
    });

    it('still fills the cache when nothing changed during the read', async () => {
      const { memory, store } = paused();
      await memory.append(message({ content: 'a' }));
      const listMessages = jest.spyOn(store, 'listMessages');
      await memory.history('u1', { limit: 10 });
      expect(contents(await memory.history('u1', { limit: 10 }))).toEqual(['a']);
      expect(listMessages).toHaveBeenCalledTimes(1);
    });

    it('does not hold back another user’s refill', async () => {
      const { memory, store } = paused();
      await memory.append(message({ user_id: 'u2', content: 'de u2' }));
      const held = store.holdNextList();
      const reading = memory.history('u2', { limit: 10 });
      await held.reached;
      await memory.append(message({ content: 'de u1' }));
      await memory.deleteHistory('u3');
      held.release();
      await reading;
      const listMessages = jest.spyOn(store, 'listMessages');
      expect(contents(await memory.history('u2', { limit: 10 }))).toEqual(['de u2']);
      expect(listMessages).not.toHaveBeenCalled();
    });
  });

  describe('conversations', () => {
    it('getOwnConversation returns the user’s conversation', async () => {
      const { memory } = setup();
      const conv = await memory.createConversation('u1', 'Plazo fijo');
      await expect(memory.getOwnConversation('u1', conv.id)).resolves.toEqual(conv);
    });

    it('getOwnConversation answers not_found for another user’s conversation', async () => {
      const { memory } = setup();
      const conv = await memory.createConversation('u2', 'ajena');
      const err = await memory.getOwnConversation('u1', conv.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'not_found', httpStatus: 404 });
    });

    it('getOwnConversation answers not_found for an unknown id', async () => {
      const { memory } = setup();
      await expect(memory.getOwnConversation('u1', 'nope')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('newConversation builds one without storing it', () => {
      const { memory, store } = setup();
      const conv = memory.newConversation('u1', 'Bonos');
      expect(conv).toEqual({
        id: expect.stringMatching(UUID) as string,
        user_id: 'u1',
        title: 'Bonos',
        summary: null,
        summary_until: null,
        created_at: expect.any(Date) as Date,
        updated_at: conv.created_at,
      });
      expect(memory.newConversation('u1', 'Bonos').id).not.toBe(conv.id);
      expect(store.conversations).toEqual([]);
    });

    it('newConversation cuts the title to 200 characters and keeps no empty title', () => {
      const { memory } = setup();
      expect(memory.newConversation('u1', 'x'.repeat(250)).title).toBe('x'.repeat(200));
      expect(memory.newConversation('u1', '').title).toBeNull();
      expect(memory.newConversation('u1', null).title).toBeNull();
    });

    it('createConversation stores the new conversation', async () => {
      const { memory, store } = setup();
      const conv = await memory.createConversation('u1', 'Cauciones');
      expect(store.conversations).toEqual([conv]);
    });

    it('updateConversation patches the stored conversation', async () => {
      const { memory, store } = setup();
      const conv = await memory.createConversation('u1', null);
      await memory.updateConversation(conv.id, { summary: 'resumen' });
      expect(store.conversations[0]).toMatchObject({ id: conv.id, summary: 'resumen' });
    });
  });

  describe('deleteHistory', () => {
    async function seed(memory: ReturnType<typeof setup>['memory']) {
      const c1 = memory.newConversation('u1', null);
      const c2 = memory.newConversation('u1', null);
      await memory.append(message({ conversation_id: c1.id, content: 'a' }), {
        newConversation: c1,
      });
      await memory.append(message({ conversation_id: c2.id, content: 'b' }), {
        newConversation: c2,
      });
      await memory.append(message({ conversation_id: c1.id, content: 'c' }));
      await memory.append(message({ user_id: 'u2', content: 'ajeno' }));
      return { c1: c1.id, c2: c2.id };
    }

    it('deletes every message of the user (only theirs) and returns how many', async () => {
      const { memory, store } = setup();
      await seed(memory);
      await expect(memory.deleteHistory('u1')).resolves.toBe(3);
      expect(store.messages.map((m) => m.content)).toEqual(['ajeno']);
    });

    it('deletes one conversation’s messages when given its id', async () => {
      const { memory, store } = setup();
      const { c1 } = await seed(memory);
      await expect(memory.deleteHistory('u1', c1)).resolves.toBe(2);
      expect(store.messages.map((m) => m.content)).toEqual(['b', 'ajeno']);
    });

    it('drops the user’s window and every conversation window when all is deleted', async () => {
      const { memory } = setup();
      const { c1, c2 } = await seed(memory);
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: c1 });
      await memory.history('u1', { limit: 10, conversationId: c2 });
      await memory.deleteHistory('u1');
      expect(await memory.history('u1', { limit: 10 })).toEqual([]);
      expect(await memory.history('u1', { limit: 10, conversationId: c1 })).toEqual([]);
      expect(await memory.history('u1', { limit: 10, conversationId: c2 })).toEqual([]);
    });

    it('drops the conversation’s window and the user’s (which mixes conversations) when one is deleted', async () => {
      const { memory } = setup();
      const { c1, c2 } = await seed(memory);
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: c1 });
      await memory.deleteHistory('u1', c1);
      expect(await memory.history('u1', { limit: 10, conversationId: c1 })).toEqual([]);
      expect((await memory.history('u1', { limit: 10 })).map((m) => m.content)).toEqual(['b']);
      const c2page = await memory.history('u1', { limit: 10, conversationId: c2 });
      expect(c2page.map((m) => m.content)).toEqual(['b']);
    });

    it('leaves other users’ cached windows alone', async () => {
      const { memory, listMessages } = setup();
      await seed(memory);
      await memory.history('u2', { limit: 10 });
      await memory.deleteHistory('u1');
      expect((await memory.history('u2', { limit: 10 })).map((m) => m.content)).toEqual(['ajeno']);
      expect(listMessages).toHaveBeenCalledTimes(1);
    });

    it('tells every listener, after the deletion, with the conversation when one was deleted', async () => {
      const { memory, store } = setup();
      const { c1 } = await seed(memory);
      const calls: [string, string | undefined, number][] = [];
      const seen: string[] = [];
      memory.onHistoryDeleted((userId, conversationId) => {
        calls.push([userId, conversationId, store.messages.length]);
      });
      memory.onHistoryDeleted((userId) => {
        seen.push(userId);
      });
      await memory.deleteHistory('u1', c1);
      await memory.deleteHistory('u1');
      // The store had already deleted: 4 → 2 left, then 2 → 1.
      expect(calls).toEqual([
        ['u1', c1, 2],
        ['u1', undefined, 1],
      ]);
      expect(seen).toEqual(['u1', 'u1']);
    });

    it('waits for asynchronous listeners before returning', async () => {
      const { memory } = setup();
      let done = false;
      memory.onHistoryDeleted(async () => {
        await new Promise((r) => setTimeout(r, 5));
        done = true;
      });
      await memory.deleteHistory('u1');
      expect(done).toBe(true);
    });

    it('deletes from the store first: a cache that fails keeps nothing of the history', async () => {
      const { memory, store } = newTestMemoryService({ cache: new ThrowingHotCache() });
      store.messages.push(record({ id: 'm1', created_at: new Date() }));
      await expect(memory.deleteHistory('u1')).rejects.toThrow('cache down');
      expect(store.messages).toEqual([]);
    });
  });

  describe('lookups', () => {
    it('findByClientMessageId finds the user’s message by the client’s id, as a ChatMessage', async () => {
      const { memory } = setup();
      const sent = await memory.append(message({ client_message_id: 'k1' }));
      await expect(memory.findByClientMessageId('u1', 'k1')).resolves.toEqual(sent);
    });

    it('findByClientMessageId answers null for an unknown id and for another user’s id', async () => {
      const { memory } = setup();
      await memory.append(message({ client_message_id: 'k1' }));
      await expect(memory.findByClientMessageId('u1', 'k2')).resolves.toBeNull();
      await expect(memory.findByClientMessageId('u2', 'k1')).resolves.toBeNull();
    });

    it('findReplyTo finds the answer to a question, or null', async () => {
      const { memory } = setup();
      const q = await memory.append(message());
      await expect(memory.findReplyTo(q.id)).resolves.toBeNull();
      const a = await memory.append(
        message({ role: 'assistant', content: 'r', reply_to: q.id, finish_reason: 'stop' }),
      );
      await expect(memory.findReplyTo(q.id)).resolves.toEqual(a);
    });

    it('all() returns every message from the store, oldest first, beyond the hot window', async () => {
      const { memory } = setup();
      for (let i = 0; i < HOT_WINDOW + 5; i++) await memory.append(message({ content: `m${i}` }));
      await memory.append(message({ conversation_id: 'c2', content: 'otra' }));
      await memory.append(message({ user_id: 'u2', content: 'ajeno' }));
      const all = await memory.all('u1');
      expect(all).toHaveLength(HOT_WINDOW + 6);
      expect(all[0].content).toBe('m0');
      expect(all[HOT_WINDOW + 5].content).toBe('otra');
      expect((await memory.all('u1', 'c2')).map((m) => m.content)).toEqual(['otra']);
    });

    it('count() counts the user’s messages, or one conversation’s', async () => {
      const { memory } = setup();
      await memory.append(message());
      await memory.append(message({ conversation_id: 'c2' }));
      await memory.append(message({ user_id: 'u2' }));
      await expect(memory.count('u1')).resolves.toBe(2);
      await expect(memory.count('u1', 'c2')).resolves.toBe(1);
    });

    it('databaseAlive() asks the store', async () => {
      class DownStore extends InMemoryMessageStore {
        override ping() {
          return Promise.resolve(false);
        }
      }
      await expect(setup().memory.databaseAlive()).resolves.toBe(true);
      const { memory } = newTestMemoryService({ store: new DownStore() });
      await expect(memory.databaseAlive()).resolves.toBe(false);
    });
  });

  describe('forgetCachedWindows', () => {
    it('drops the user’s window and the conversation’s, so a change in the store is read again', async () => {
      const { memory, store } = setup();
      await memory.append(message({ role: 'assistant', content: 'r' }));
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      store.messages[0].feedback = { rating: 'up' };
      await memory.forgetCachedWindows('u1', 'c1');
      expect((await memory.history('u1', { limit: 10 }))[0].feedback).toEqual({ rating: 'up' });
      const conv = await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(conv[0].feedback).toEqual({ rating: 'up' });
    });
  });

  describe('markInterrupted', () => {
    const t0 = Date.parse('2025-03-01T12:00:00.000Z');
    const at = (s: number) => new Date(t0 + s * 1000);
    const markerId = (id: string) => `marker-${id}`;

    it('gives every unanswered question older than `before` an empty error answer right after it', async () => {
      const { memory, store } = setup();
      store.messages.push(
        record({ id: 'q1', created_at: at(0) }),
        record({ id: 'q2', created_at: at(1), role: 'user' }),
        record({ id: 'a2', created_at: at(2), role: 'assistant', reply_to: 'q2' }),
        record({ id: 'q3', created_at: at(3), user_id: 'u2', conversation_id: 'c9' }),
        record({ id: 'q4', created_at: at(100) }), // newer than `before`
      );
      await expect(memory.markInterrupted(at(50), markerId)).resolves.toBe(2);
      const markers = store.messages.filter((m) => m.id.startsWith('marker-'));
      expect(markers).toEqual([
        {
          id: 'marker-q1',
          conversation_id: 'c1',
          user_id: 'u1',
          role: 'assistant',
          content: '',
          sentiment: null,
          prompt_tokens: null,
          completion_tokens: null,
          model: null,
          finish_reason: 'error',
          client_message_id: null,
          reply_to: 'q1',
          created_at: new Date(t0 + 1),
        },
        expect.objectContaining({
          id: 'marker-q3',
          user_id: 'u2',
          conversation_id: 'c9',
          reply_to: 'q3',
          created_at: new Date(t0 + 3001),
        }) as MessageRecord,
      ]);
      await expect(memory.findReplyTo('q1')).resolves.toMatchObject({
        content: '',
        finish_reason: 'error',
      });
    });

    it('drops the cached windows of the users concerned, so history shows the marker', async () => {
      const { memory, store } = setup();
      store.messages.push(record({ id: 'q1', created_at: at(0) }));
      await memory.history('u1', { limit: 10 });
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      await memory.markInterrupted(at(50), markerId);
      for (const conversationId of [undefined, 'c1']) {
        const page = await memory.history('u1', { limit: 10, conversationId });
        expect(page.map((m) => m.id)).toEqual(['q1', 'marker-q1']);
      }
    });

    it('skips a question another instance marked first and goes on with the rest', async () => {
      const { memory, store } = setup();
      store.messages.push(
        record({ id: 'q1', created_at: at(0) }),
        record({ id: 'q2', created_at: at(1), conversation_id: 'c2' }),
      );
      await memory.history('u1', { limit: 10, conversationId: 'c1' });
      store.failNextInsert = new Error('duplicate key');
      await expect(memory.markInterrupted(at(50), markerId)).resolves.toBe(1);
      expect(store.messages.map((m) => m.id)).toEqual(['q1', 'q2', 'marker-q2']);
      // Its window is dropped all the same (the other instance's marker is in the store).
      store.messages.push(
        record({ id: 'other', created_at: at(0), role: 'assistant', reply_to: 'q1' }),
      );
      const page = await memory.history('u1', { limit: 10, conversationId: 'c1' });
      expect(page.map((m) => m.id)).toEqual(['q1', 'other']);
    });

    it('marks at most 100 questions per call', async () => {
      const { memory, store } = setup();
      for (let i = 0; i < 130; i++) store.messages.push(record({ id: `q${i}`, created_at: at(i) }));
      await expect(memory.markInterrupted(at(500), markerId)).resolves.toBe(100);
      await expect(memory.markInterrupted(at(500), markerId)).resolves.toBe(30);
      await expect(memory.markInterrupted(at(500), markerId)).resolves.toBe(0);
    });
  });
});
