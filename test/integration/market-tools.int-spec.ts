import { Logger } from '@nestjs/common';
import { MemoryHotCache } from '../../src/infrastructure/cache/memory-hot-cache';
import { ArgentinaDatosSource } from '../../src/infrastructure/market-data/argentinadatos.source';
import { BackendPortfolioSource } from '../../src/infrastructure/market-data/backend-portfolio.source';
import { BcraSource } from '../../src/infrastructure/market-data/bcra.source';
import { Data912Source } from '../../src/infrastructure/market-data/data912.source';
import { DolarApiSource } from '../../src/infrastructure/market-data/dolarapi.source';
import { MemoryKeyLock } from '../../src/infrastructure/cache/memory-key-lock';
import { MarketDataService } from '../../src/modules/market/market-data.service';
import { MarketTools } from '../../src/modules/market/tools/market-tools';
import { toolDefinitions } from '../../src/modules/market/tools/tool-definitions';
import { FakeBackend } from '../support/fake-backend';
import { FakeMarket } from '../support/fake-market';

const market = new FakeMarket();
const backend = new FakeBackend();
const caller = { userId: 'u-1', token: 'tok-1' };
let tools: MarketTools;

beforeAll(async () => {
  Logger.overrideLogger(false);
  await market.start();
  await backend.start();
  const data = new MarketDataService(
    [
      new DolarApiSource(market.url),
      new ArgentinaDatosSource(market.url),
      new BcraSource(market.url),
      new Data912Source(market.url),
    ],
    new MemoryHotCache(),
    new MemoryKeyLock(),
    { timeoutMs: 800, liveTtlS: 60, seriesTtlS: 3600 },
  );
  tools = new MarketTools(
    data,
    new BackendPortfolioSource(backend.url, '/api/users/{user_id}/portfolio', 500),
  );
});
afterAll(async () => {
  await market.stop();
  await backend.stop();
});

describe('toolDefinitions', () => {
  it('offers the contract tool names, the portfolio only with a main backend', () => {
    const names = (portfolio: boolean) =>
      toolDefinitions({ portfolio }).map((t) => t.function.name);
    expect(names(false)).toEqual(['get_fx_rates', 'get_quotes', 'get_macro', 'get_rates']);
    expect(names(true)).toContain('get_portfolio');
  });
});

describe('MarketTools', () => {
  it('get_fx_rates gives the casas asked for, each with its as-of and source', async () => {
    const out = await tools.run('get_fx_rates', { casas: ['bolsa'] }, caller);
    expect(out).toEqual({
      tool: 'get_fx_rates',
      status: 'done',
      result: {
        rates: [
          {
            casa: 'bolsa',
            compra: 1188.4,
            venta: 1193.4,
            as_of: '2026-12-04T15:00:00.000Z',
            source: 'dolarapi',
          },
        ],
      },
      sources: [
        {
          id: 'dolarapi',
          name: 'DolarApi',
          url: 'https://dolarapi.com',
          as_of: '2026-12-04T15:00:00.000Z',
          tool: 'get_fx_rates',
        },
      ],
    });
  });

  it('get_quotes finds tickers across boards and lists the ones it cannot find', async () => {
    const out = await tools.run('get_quotes', { symbols: ['ggal', 'AL30', 'SPY', 'NOPE'] }, caller);
    expect(out.status).toBe('done');
    expect(out.result).toMatchObject({
      quotes: [
        { symbol: 'GGAL', price: 6120.5, pct_change: -1.25, currency: 'ARS', source: 'data912' },
        { symbol: 'AL30', price: 81000 },
        { symbol: 'SPY', price: 512.3, currency: 'USD' },
      ],
      not_found: ['NOPE'],
    });
    expect(out.sources.map((s) => s.id)).toEqual(['data912']);
  });

  it('get_macro takes reserves from the BCRA and riesgo país from ArgentinaDatos', async () => {
    const reservas = await tools.run('get_macro', { indicator: 'reservas' }, caller);
    expect(reservas.result).toEqual({
      indicator: 'reservas',
      value: 41873,
      unit: 'millones de USD',
      as_of: '2026-12-03',
      source: 'bcra',
    });
    const rp = await tools.run('get_macro', { indicator: 'riesgo_pais' }, caller);
    expect(rp.result).toMatchObject({ value: 573, unit: 'pb', source: 'argentinadatos' });
  });

  it('get_rates gives the table with its as-of and source', async () => {
    const out = await tools.run('get_rates', { kind: 'lecap' }, caller);
    expect(out.result).toMatchObject({ kind: 'lecap', source: 'argentinadatos' });
  });

  it('get_portfolio forwards the user token to the main backend', async () => {
    backend.profiles.clear();
    const out = await tools.run('get_portfolio', {}, caller);
    // The fake backend has no portfolio route: the tool fails, the answer does not.
    expect(out.status).toBe('failed');
    expect(backend.requests.at(-1)).toEqual({
      url: '/api/users/u-1/portfolio',
      authorization: 'Bearer tok-1',
    });
  });

  it('refuses bad arguments and unknown tools without throwing', async () => {
    await expect(tools.run('get_macro', { indicator: 'pbi' }, caller)).resolves.toMatchObject({
      status: 'failed',
      result: { error: 'invalid_arguments' },
    });
    await expect(tools.run('rm_rf', {}, caller)).resolves.toMatchObject({
      status: 'failed',
      result: { error: 'unknown_tool' },
    });
  });

  it('says the figure is unavailable when no source answers', async () => {
    market.modes.set('/v1/dolares', 'error');
    const fresh = new MarketTools(
      new MarketDataService(
        [new DolarApiSource(market.url)],
        new MemoryHotCache(),
        new MemoryKeyLock(),
        {
          timeoutMs: 800,
          liveTtlS: 60,
          seriesTtlS: 3600,
        },
      ),
      null,
    );
    await expect(fresh.run('get_fx_rates', {}, caller)).resolves.toMatchObject({
      status: 'failed',
      result: { error: 'unavailable' },
      sources: [],
    });
    market.modes.clear();
  });
});
