import { newTestMemoryService } from '../../../test/support/unit/new-test-memory-service';
import type { ChatMessage } from '../memory/chat-message';
import type { MemoryService } from '../memory/memory.service';
import type { Sentiment } from '../sentiment/sentiment.types';
import { AnswerEngine, AnswerResult } from './answer-engine';
import type { ChatReply } from './chat-reply';
import { IdempotentReplies, IdempotentRun } from './idempotent-replies';

/** Only its name is used: rebuilt replies of answers stored without a model carry it. */
class NamedEngine extends AnswerEngine {
  readonly model = 'engine-model';
  answer(): Promise<AnswerResult> {
    return Promise.reject(new Error('not used here'));
  }
}

const SENTIMENT: Sentiment = { label: 'positive', score: 0.5, confidence: 0.8 };

/** A run that counts its exchanges and replays; what the exchange does is up to each test. */
class CountingRun implements IdempotentRun {
  readonly priors: (ChatMessage | null)[] = [];
  readonly replays: ChatReply[] = [];
  readonly broadcasts: boolean[] = [];
  constructor(
    private readonly body: (prior: ChatMessage | null) => Promise<ChatReply>,
    readonly broadcast = false,
  ) {}
  exchange(prior: ChatMessage | null): Promise<ChatReply> {
    this.priors.push(prior);
    return this.body(prior);
  }
  onReplay(reply: ChatReply, broadcast: boolean): void {
    this.replays.push(reply);
    this.broadcasts.push(broadcast);
  }
}

let serial = 0;
/** A reply that is stored nowhere: a repeat can get it back only from IdempotentReplies' memory. */
const cannedReply = (over: Partial<ChatReply> = {}): ChatReply => ({
  message_id: `a${++serial}`,
  user_message_id: `q${serial}`,
  conversation_id: 'c1',
  response: 'Hola, ¿en qué te ayudo?',
  sentiment: SENTIMENT,
  model: 'm1',
  finish_reason: 'stop',
  timestamp: new Date().toISOString(),
  sources: [],
  figures: { checked: 0, unverified: 0 },
  disclaimer: null,
  ...over,
});
const memoryOnly = (over: Partial<ChatReply> = {}) =>
  new CountingRun(() => Promise.resolve(cannedReply(over)));

/** An exchange as ChatService runs it: stores the question (unless retried) and its answer. */
function storingRun(
  memory: MemoryService,
  userId: string,
  clientMessageId: string,
  texts: { question?: string; answer?: string } = {},
) {
  return new CountingRun(async (prior) => {
    const q =
      prior ??
      (await memory.append({
        conversation_id: 'c1',
        user_id: userId,
        role: 'user',
        content: texts.question ?? 'Hola',
        sentiment: SENTIMENT,
        prompt_tokens: null,
        completion_tokens: null,
        model: null,
        finish_reason: null,
        client_message_id: clientMessageId,
        reply_to: null,
      }));
    const a = await memory.append({
      conversation_id: q.conversation_id,
      user_id: userId,
      role: 'assistant',
      content: texts.answer ?? 'Hola, ¿en qué te ayudo?',
      sentiment: null,
      prompt_tokens: 7,
      completion_tokens: 5,
      model: 'm1',
      finish_reason: 'stop',
      client_message_id: null,
      reply_to: q.id,
    });
    return {
      message_id: a.id,
      user_message_id: q.id,
      conversation_id: q.conversation_id,
      response: a.content,
      sentiment: SENTIMENT,
      model: 'm1',
      finish_reason: 'stop',
      timestamp: a.timestamp,
      usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 },
      sources: [],
      figures: { checked: 0, unverified: 0 },
      disclaimer: null,
    };
  });
}

function setup() {
  const t = newTestMemoryService();
  const engine = new NamedEngine();
  const replies = new IdempotentReplies(t.memory, engine, t.config);
  /** Another instance (or this one after a restart): nothing in memory, the same database. */
  const restarted = () => new IdempotentReplies(t.memory, engine, t.config);
  return { ...t, replies, restarted };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('IdempotentReplies', () => {
  afterEach(() => jest.restoreAllMocks());

  it('without a client message id runs the exchange every time, with no prior', async () => {
    const { replies } = setup();
    const run = memoryOnly();
    const a = await replies.once('u1', undefined, run);
    const b = await replies.once('u1', undefined, run);
    expect(a.message_id).not.toBe(b.message_id);
    expect(run.priors).toEqual([null, null]);
    expect(run.replays).toEqual([]);
  });

  it('answers a repeat after the first finished from memory: onReplay with the first reply, no exchange', async () => {
    const { replies } = setup();
    const first = memoryOnly();
    const reply = await replies.once('u1', 'k1', first);
    expect(first.priors).toEqual([null]);
    expect(first.replays).toEqual([]);
    const repeat = memoryOnly();
    await expect(replies.once('u1', 'k1', repeat)).resolves.toBe(reply);
    expect(repeat.priors).toEqual([]);
    expect(repeat.replays).toEqual([reply]);
  });

  it('keeps client message ids per user: another user’s same id is a new exchange', async () => {
    const { replies } = setup();
    const mine = await replies.once('u1', 'k1', memoryOnly());
    const other = memoryOnly();
    const theirs = await replies.once('u2', 'k1', other);
    expect(theirs.message_id).not.toBe(mine.message_id);
    expect(other.priors).toEqual([null]);
    expect(other.replays).toEqual([]);
  });

  it('keeps apart ids that only differ in where the separator falls', async () => {
    const { replies } = setup();
    await replies.once('ana', 'x:1', memoryOnly());
    const other = memoryOnly();
    await replies.once('ana:x', '1', other);
    expect(other.priors).toEqual([null]);
  });

  it('joins a repeat that arrives at the same moment to the exchange in flight', async () => {
    const { replies } = setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const reply = cannedReply();
    const first = new CountingRun(async () => {
      await held;
      return reply;
    });
    const second = memoryOnly();
    const a = replies.once('u1', 'k1', first);
    const b = replies.once('u1', 'k1', second);
    await settle();
    release();
    await expect(a).resolves.toBe(reply);
    await expect(b).resolves.toBe(reply);
    expect(first.priors).toEqual([null]);
    expect(first.replays).toEqual([]);
    expect(second.priors).toEqual([]);
    expect(second.replays).toEqual([reply]);
  });

  it('tells a repeat whether the exchange it joined reaches every socket, and a later one that it does not', async () => {
    const { replies } = setup();
    for (const broadcast of [true, false]) {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const id = `b-${broadcast}`;
      const first = new CountingRun(async () => {
        await held;
        return cannedReply();
      }, broadcast);
      const joined = memoryOnly();
      const a = replies.once('u1', id, first);
      const b = replies.once('u1', id, joined);
      await settle();
      release();
      await Promise.all([a, b]);
      expect(joined.broadcasts).toEqual([broadcast]);
      // Answered from memory after the exchange: nobody else delivered it.
      const later = memoryOnly();
      await replies.once('u1', id, later);
      expect(later.broadcasts).toEqual([false]);
    }
  });

  it('joins a repeat that arrives while the exchange streams (its question already stored)', async () => {
    const { replies, memory } = setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inner = storingRun(memory, 'u1', 'k1');
    const first = new CountingRun(async (prior) => {
      await held;
      return inner.exchange(prior);
    });
    const a = replies.once('u1', 'k1', first);
    await settle();
    expect(first.priors).toEqual([null]);
    const second = storingRun(memory, 'u1', 'k1');
    const b = replies.once('u1', 'k1', second);
    await settle();
    release();
    const reply = await a;
    await expect(b).resolves.toBe(reply);
    expect(second.priors).toEqual([]);
    expect(second.replays).toEqual([reply]);
  });

  it('gives a repeat during the exchange the exchange’s own reply, not one rebuilt from the database', async () => {
    const { replies, memory } = setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inner = storingRun(memory, 'u1', 'k1');
    // Both messages are stored; the reply (with what the database does not keep) is not out yet.
    const first = new CountingRun(async (prior) => {
      const reply = await inner.exchange(prior);
      await held;
      return { ...reply, degraded: true as const };
    });
    const a = replies.once('u1', 'k1', first);
    await settle();
    expect(await memory.count('u1')).toBe(2);
    const second = memoryOnly();
    const b = replies.once('u1', 'k1', second);
    await settle();
    release();
    const reply = await a;
    expect(reply.degraded).toBe(true);
    await expect(b).resolves.toBe(reply);
    expect(second.replays).toEqual([reply]);
  });

  it('gives the failure of the exchange in flight to a repeat that joined it', async () => {
    const { replies } = setup();
    let fail!: (e: Error) => void;
    const failing = new CountingRun(() => new Promise((_, reject) => (fail = reject)));
    const a = replies.once('u1', 'k1', failing);
    const b = replies.once('u1', 'k1', memoryOnly());
    await settle();
    fail(new Error('engine down'));
    await expect(a).rejects.toThrow('engine down');
    await expect(b).rejects.toThrow('engine down');
  });

  it('runs a repeat of a failed exchange again (nothing is left in flight or remembered)', async () => {
    const { replies } = setup();
    const failing = new CountingRun(() => Promise.reject(new Error('engine down')));
    await expect(replies.once('u1', 'k1', failing)).rejects.toThrow('engine down');
    const retry = memoryOnly();
    await replies.once('u1', 'k1', retry);
    expect(retry.priors).toEqual([null]);
    expect(retry.replays).toEqual([]);
  });

  it('does not remember a reply that ended in error: the repeat runs again', async () => {
    const { replies } = setup();
    await replies.once('u1', 'k1', memoryOnly({ finish_reason: 'error', response: '' }));
    const retry = memoryOnly();
    await replies.once('u1', 'k1', retry);
    expect(retry.priors).toEqual([null]);
  });

  it('remembers replies for a minute only; then a repeat goes to the database', async () => {
    const { replies } = setup();
    // The recent replies' clock (lru-cache reads performance.now), moved by hand.
    const start = performance.now();
    let elapsed = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => start + elapsed);
    const later = async (ms: number) => {
      elapsed += ms;
      await new Promise((r) => setTimeout(r, 5)); // past the cache's 1 ms clock debounce
    };
    await replies.once('u1', 'k1', memoryOnly());
    await later(30_000);
    const soon = memoryOnly();
    await replies.once('u1', 'k1', soon);
    expect(soon.replays).toHaveLength(1);
    await later(31_000);
    const late = memoryOnly();
    await replies.once('u1', 'k1', late);
    expect(late.priors).toEqual([null]); // nothing stored: a new exchange
    expect(late.replays).toEqual([]);
  });

  it('after a restart rebuilds the reply of a finished exchange from the database', async () => {
    const { replies, restarted, memory } = setup();
    const first = await replies.once('u1', 'k1', storingRun(memory, 'u1', 'k1'));
    const repeat = storingRun(memory, 'u1', 'k1');
    const again = await restarted().once('u1', 'k1', repeat);
    expect(again).toEqual(first);
    expect(repeat.priors).toEqual([]);
    expect(repeat.replays).toEqual([again]);
  });

  it('rebuilds the disclaimer from the question and the answer, as when first given', async () => {
    const { replies, restarted, memory, config } = setup();
    const texts = { question: '¿Conviene comprar dólar MEP?', answer: 'Depende de tu perfil.' };
    await replies.once('u1', 'k1', storingRun(memory, 'u1', 'k1', texts));
    const again = await restarted().once('u1', 'k1', storingRun(memory, 'u1', 'k1'));
    expect(again.disclaimer).toBe(config.trust.disclaimerText);
  });

  it('fills what an old stored answer lacks: the engine’s model, neutral sentiment, no usage', async () => {
    const { restarted, memory } = setup();
    const q = await memory.append({
      conversation_id: 'c1',
      user_id: 'u1',
      role: 'user',
      content: 'Hola',
      sentiment: null,
      prompt_tokens: null,
      completion_tokens: null,
      model: null,
      finish_reason: null,
      client_message_id: 'k1',
      reply_to: null,
    });
    const a = await memory.append({
      conversation_id: 'c1',
      user_id: 'u1',
      role: 'assistant',
      content: 'Hola.',
      sentiment: null,
      prompt_tokens: null,
      completion_tokens: null,
      model: null,
      finish_reason: null,
      client_message_id: null,
      reply_to: q.id,
    });
    const again = await restarted().once('u1', 'k1', memoryOnly());
    expect(again).toEqual({
      message_id: a.id,
      user_message_id: q.id,
      conversation_id: 'c1',
      response: 'Hola.',
      sentiment: { label: 'neutral', score: 0, confidence: 0 },
      model: 'engine-model',
      finish_reason: 'stop',
      timestamp: a.timestamp,
      sources: [],
      figures: { checked: 0, unverified: 0 },
      disclaimer: null,
    });
  });

  it('answers an interrupted exchange (its empty error marker) again, with the stored question as prior', async () => {
    const { restarted, memory, store } = setup();
    const question = await memory.append({
      conversation_id: 'c1',
      user_id: 'u1',
      role: 'user',
      content: 'Hola',
      sentiment: SENTIMENT,
      prompt_tokens: null,
      completion_tokens: null,
      model: null,
      finish_reason: null,
      client_message_id: 'k1',
      reply_to: null,
    });
    await memory.markInterrupted(new Date(Date.now() + 60_000), (id) => `marker-${id}`);
    const retry = storingRun(memory, 'u1', 'k1');
    const reply = await restarted().once('u1', 'k1', retry);
    expect(retry.priors).toEqual([question]);
    expect(retry.replays).toEqual([]);
    expect(reply.user_message_id).toBe(question.id);
    // The question is not stored twice.
    expect(store.messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('replays an answer that ended in error with text (only an empty marker is an interruption)', async () => {
    const { restarted, memory } = setup();
    const q = await memory.append({
      conversation_id: 'c1',
      user_id: 'u1',
      role: 'user',
      content: 'Hola',
      sentiment: null,
      prompt_tokens: null,
      completion_tokens: null,
      model: null,
      finish_reason: null,
      client_message_id: 'k1',
      reply_to: null,
    });
    await memory.append({
      conversation_id: 'c1',
      user_id: 'u1',
      role: 'assistant',
      content: 'Se cortó la respuesta…',
      sentiment: null,
      prompt_tokens: null,
      completion_tokens: null,
      model: 'm1',
      finish_reason: 'error',
      client_message_id: null,
      reply_to: q.id,
    });
    const repeat = memoryOnly();
    const again = await restarted().once('u1', 'k1', repeat);
    expect(repeat.priors).toEqual([]);
    expect(again).toMatchObject({ finish_reason: 'error', response: 'Se cortó la respuesta…' });
  });

  it('forget(userId) forgets that user’s recent replies only, even when ids share a prefix', async () => {
    const { replies } = setup();
    await replies.once('ana', 'x:1', memoryOnly());
    await replies.once('ana:x', '1', memoryOnly());
    await replies.once('bob', 'x:1', memoryOnly());
    replies.forget('ana');
    const ana = memoryOnly();
    const anaX = memoryOnly();
    const bob = memoryOnly();
    await replies.once('ana', 'x:1', ana);
    await replies.once('ana:x', '1', anaX);
    await replies.once('bob', 'x:1', bob);
    expect(ana.priors).toEqual([null]); // forgotten: nothing stored, a new exchange
    expect(anaX.replays).toHaveLength(1);
    expect(bob.replays).toHaveLength(1);
  });

  it('forget of the longer id leaves the shorter one’s replies', async () => {
    const { replies } = setup();
    await replies.once('ana', 'x:1', memoryOnly());
    await replies.once('ana:x', '1', memoryOnly());
    replies.forget('ana:x');
    const ana = memoryOnly();
    const anaX = memoryOnly();
    await replies.once('ana', 'x:1', ana);
    await replies.once('ana:x', '1', anaX);
    expect(ana.replays).toHaveLength(1);
    expect(anaX.priors).toEqual([null]);
  });

  it('forgets the user’s recent replies when their history is deleted', async () => {
    const { replies, memory } = setup();
    await replies.once('u1', 'k1', memoryOnly());
    await replies.once('u2', 'k1', memoryOnly());
    await memory.deleteHistory('u1');
    const mine = memoryOnly();
    const theirs = memoryOnly();
    await replies.once('u1', 'k1', mine);
    await replies.once('u2', 'k1', theirs);
    expect(mine.priors).toEqual([null]);
    expect(theirs.replays).toHaveLength(1);
  });
});
