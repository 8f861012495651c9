/**
 * The cost of live figures, in process:
 * 1. service time of an answer with one tool round (warm cache) against the same answer without
 *    tools: the tool loop, the tool, the cache read, the JSON and the masking of its result,
 *    with a zero-latency model in the same process (so only the service's own work differs);
 * 2. 200 concurrent askers of the same figure, split over two instances sharing Redis, against a
 *    local stand-in for DolarApi: how many requests reach it.
 *
 * Run: npx tsc -p tsconfig.bench.json && node dist-bench/bench/market-tools.bench.js [--iterations N]
 * Prints one JSON line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Logger } from '@nestjs/common';
import { MemoryHotCache } from '../src/infrastructure/cache/memory-hot-cache';
import { RedisHotCache } from '../src/infrastructure/cache/redis-hot-cache';
import { DolarApiSource } from '../src/infrastructure/market-data/dolarapi.source';
import { MemoryKeyLock } from '../src/infrastructure/cache/memory-key-lock';
import { RedisKeyLock } from '../src/infrastructure/cache/redis-key-lock';
import { MarketDataService } from '../src/modules/market/market-data.service';
import { MarketTools } from '../src/modules/market/tools/market-tools';
import { toolDefinitions } from '../src/modules/market/tools/tool-definitions';
import {
  LoopMessage,
  LoopRoundResult,
  runToolLoop,
  ToolCapableLlm,
} from '../src/modules/market/tools/tool-loop';
import { PiiMasker, PiiVault } from '../src/modules/privacy/pii-masker';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const arg = (name: string, dflt: number) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : dflt;
};

const DOLARES = JSON.stringify(
  ['oficial', 'blue', 'bolsa', 'contadoconliqui', 'mayorista', 'cripto', 'tarjeta'].map(
    (casa, i) => ({
      moneda: 'USD',
      casa,
      nombre: casa,
      compra: 1180 + i,
      venta: 1190 + i,
      fechaActualizacion: '2026-12-04T15:00:00.000Z',
    }),
  ),
);

async function fakeDolarApi(delayMs: number) {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(DOLARES);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A model with no latency: asks for the MEP in round one when tools are offered, then answers. */
class InstantLlm implements ToolCapableLlm {
  constructor(private readonly askTools: boolean) {}
  stream(
    req: { messages: LoopMessage[]; tools?: unknown[] },
    onDelta: (t: string) => void,
  ): Promise<LoopRoundResult> {
    const toolRound = this.askTools && req.tools && req.messages.at(-1)?.role !== 'tool';
    if (toolRound) {
      return Promise.resolve({
        finishReason: 'tool_calls',
        model: 'm',
        toolCalls: [{ id: 'c1', name: 'get_fx_rates', arguments: '{"casas":["bolsa"]}' }],
      });
    }
    for (const w of 'El dólar MEP está a $1.193,40 para la venta, según DolarApi.'.split(' ')) {
      onDelta(`${w} `);
    }
    return Promise.resolve({ finishReason: 'stop', model: 'm' });
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function toolRoundCost(iterations: number, cache: 'memory' | 'redis') {
  const upstream = await fakeDolarApi(0);
  const redis =
    cache === 'redis' ? new Redis(REDIS_URL, { keyPrefix: `bench-mkt-${Date.now()}:` }) : null;
  const market = new MarketDataService(
    [new DolarApiSource(upstream.url)],
    redis ? new RedisHotCache(redis) : new MemoryHotCache(),
    redis ? new RedisKeyLock(redis) : new MemoryKeyLock(),
    { timeoutMs: 1500, liveTtlS: 3600, seriesTtlS: 3600 },
  );
  const tools = new MarketTools(market, null);
  const masker = new PiiMasker();
  const definitions = toolDefinitions({ portfolio: false });
  const once = async (withTools: boolean) => {
    const vault = new PiiVault();
    const t0 = performance.now();
    await runToolLoop({
      llm: new InstantLlm(withTools),
      messages: [
        { role: 'system', content: 'sistema' },
        { role: 'user', content: '¿A cuánto está el dólar MEP?' },
      ],
      tools: withTools ? definitions : [],
      maxRounds: 3,
      signal: new AbortController().signal,
      caller: { userId: 'u', token: 't' },
      run: (name, args, caller) => tools.run(name, args, caller),
      mask: (text) => masker.mask(text, vault),
      onDelta: () => undefined,
    });
    return performance.now() - t0;
  };
  await once(true); // warms the cache
  for (let i = 0; i < 200; i++) await once(i % 2 === 0);
  const without: number[] = [];
  const withOne: number[] = [];
  for (let i = 0; i < iterations; i++) {
    without.push(await once(false));
    withOne.push(await once(true));
  }
  await upstream.close();
  await redis?.quit();
  return {
    cache,
    p50_without_ms: percentile(without, 50),
    p50_with_tool_round_ms: percentile(withOne, 50),
    p50_added_ms: percentile(withOne, 50) - percentile(without, 50),
    p99_added_ms: percentile(withOne, 99) - percentile(without, 99),
  };
}

async function concurrentAskers(askers: number) {
  const upstream = await fakeDolarApi(50);
  const prefix = `bench-mkt-sf-${Date.now()}:`;
  const clients = [
    new Redis(REDIS_URL, { keyPrefix: prefix }),
    new Redis(REDIS_URL, { keyPrefix: prefix }),
  ];
  for (const c of clients) {
    if (c.status !== 'ready') await new Promise((r) => c.once('ready', r));
  }
  const instances = clients.map(
    (c) =>
      new MarketDataService(
        [new DolarApiSource(upstream.url)],
        new RedisHotCache(c),
        new RedisKeyLock(c),
        {
          timeoutMs: 1500,
          liveTtlS: 60,
          seriesTtlS: 3600,
        },
      ),
  );
  const t0 = performance.now();
  const got = await Promise.all(
    Array.from({ length: askers }, (_, i) => instances[i % 2].get({ kind: 'fx' })),
  );
  const ms = performance.now() - t0;
  const answered = got.filter((g) => g !== null).length;
  await upstream.close();
  await Promise.all(clients.map((c) => c.quit()));
  return { askers, instances: 2, answered, upstream_requests: upstream.hits(), wall_ms: ms };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const iterations = arg('--iterations', 2000);
  const memory = await toolRoundCost(iterations, 'memory');
  const redis = await toolRoundCost(iterations, 'redis');
  const single = await concurrentAskers(200);
  console.log(JSON.stringify({ tool_round: [memory, redis], single_flight: single }));
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
