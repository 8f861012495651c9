import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';

const load = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), ...env });

describe('market configuration', () => {
  it('uses every public source by default, with the contract defaults', () => {
    const c = load();
    expect(c.market).toEqual({
      sources: ['dolarapi', 'argentinadatos', 'bcra', 'data912'],
      urls: {
        dolarapi: 'https://dolarapi.com',
        argentinadatos: 'https://api.argentinadatos.com',
        bcra: 'https://api.bcra.gob.ar',
        data912: 'https://data912.com',
      },
      timeoutMs: 1500,
      liveTtlS: 60,
      seriesTtlS: 3600,
    });
    expect(c.tools).toEqual({ maxRounds: 3, portfolioPath: '/api/users/{user_id}/portfolio' });
  });

  it('adds the backend snapshot when the main backend is configured', () => {
    expect(load({ MAIN_BACKEND_URL: 'http://backend:8080' }).market.sources).toContain('backend');
  });

  it('keeps only the dated sample with none', () => {
    expect(load({ MARKET_SOURCES: 'none' }).market.sources).toEqual([]);
  });

  it('takes the sources in the order given, without repeats', () => {
    expect(load({ MARKET_SOURCES: 'bcra, dolarapi,bcra' }).market.sources).toEqual([
      'bcra',
      'dolarapi',
    ]);
  });

  it('refuses an unknown source, naming the variable', () => {
    expect(() => load({ MARKET_SOURCES: 'dolarapi,rava' })).toThrow(/MARKET_SOURCES.*rava/);
  });

  it('validates the timeouts and lifetimes', () => {
    expect(() => load({ MARKET_TIMEOUT_MS: '5' })).toThrow(/MARKET_TIMEOUT_MS/);
    expect(() => load({ LLM_MAX_TOOL_ROUNDS: '50' })).toThrow(/LLM_MAX_TOOL_ROUNDS/);
    const c = load({ MARKET_LIVE_TTL_S: '30', DOLARAPI_URL: 'http://127.0.0.1:9/' });
    expect(c.market.liveTtlS).toBe(30);
    expect(c.market.urls.dolarapi).toBe('http://127.0.0.1:9');
  });
});
