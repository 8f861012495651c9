import { Logger } from '@nestjs/common';
import { MemoryHotCache } from '../../../infrastructure/cache/memory-hot-cache';
import { MemoryKeyLock } from '../../../infrastructure/cache/memory-key-lock';
import { checkFigures, numbersInJson } from '../figures/figure-guard';
import { MarketDataService } from '../market-data.service';
import { MarketSource, SourceUnavailableError } from '../market-source';
import type { FigureRequest, FigureResult, SourceInfo } from '../market.types';
import { MarketTools } from '../tools/market-tools';
import { LiveFiguresAnswerer } from './live-figures.answerer';

/** An in-memory source with the figures of a real day; `down` makes it fail. */
class StubSource extends MarketSource {
  readonly info: SourceInfo = { id: 'dolarapi', name: 'DolarApi', url: 'https://dolarapi.com' };
  down = false;

  supports(): boolean {
    return true;
  }

  fetch<R extends FigureRequest>(req: R): Promise<FigureResult<R>> {
    if (this.down) return Promise.reject(new SourceUnavailableError('status 500'));
    const asOf = '2026-12-04T15:00:00.000Z';
    const byKind: { [K in FigureRequest['kind']]: unknown } = {
      fx: [
        { casa: 'bolsa', compra: 1188.4, venta: 1193.4, as_of: asOf },
        { casa: 'blue', compra: 1205, venta: 1225, as_of: asOf },
      ],
      macro:
        req.kind === 'macro' && req.indicator === 'riesgo_pais'
          ? { indicator: 'riesgo_pais', value: 573, unit: 'pb', as_of: '2026-12-03' }
          : {
              indicator: 'inflacion_mensual',
              value: 2.3,
              unit: '%',
              period: '2026-10',
              as_of: '2026-10-31',
            },
      quotes: {
        quotes: [{ symbol: 'GGAL', price: 6120.5, pct_change: -1.25, currency: 'ARS' }],
        as_of: asOf,
      },
      rates: {
        kind: 'plazo_fijo',
        items: [{ entidad: 'BANCO A', tna_clientes_pct: 29 }],
        as_of: '2026-12-04',
      },
    };
    return Promise.resolve(byKind[req.kind] as FigureResult<R>);
  }
}

const caller = { userId: 'u1', token: 't' };
let source: StubSource;
let answerer: LiveFiguresAnswerer;

beforeAll(() => Logger.overrideLogger(false));
beforeEach(() => {
  source = new StubSource();
  const market = new MarketDataService([source], new MemoryHotCache(), new MemoryKeyLock(), {
    timeoutMs: 1000,
    liveTtlS: 60,
    seriesTtlS: 3600,
  });
  answerer = new LiveFiguresAnswerer(new MarketTools(market, null));
});

describe('LiveFiguresAnswerer', () => {
  it('answers the MEP with its value, Argentine as-of and source', async () => {
    const a = await answerer.answer('¿a cuánto está el dólar MEP?', caller);
    expect(a?.text).toBe(
      'El dólar MEP (bolsa) está a $1.193,40 para la venta y $1.188,40 para la compra, según DolarApi (dato del 04/12/2026 12:00).',
    );
    expect(a?.sources).toEqual([
      expect.objectContaining({ id: 'dolarapi', name: 'DolarApi', tool: 'get_fx_rates' }),
    ]);
  });

  it('says which month the latest inflation is when another month was asked', async () => {
    const a = await answerer.answer('¿cuánto dio la inflación de noviembre?', caller);
    expect(a?.text).toBe(
      'Todavía no tengo el dato de noviembre: el último publicado es el de octubre de 2026. La inflación mensual de octubre de 2026 fue 2,3%, según DolarApi (dato del 31/10/2026).',
    );
  });

  it('answers the inflation of the month asked', async () => {
    const a = await answerer.answer('¿Cuánto dio la inflación de octubre?', caller);
    expect(a?.text).toMatch(/^La inflación mensual de octubre de 2026 fue 2,3%/);
  });

  it('answers riesgo país in basis points', async () => {
    const a = await answerer.answer('¿cómo está el riesgo país?', caller);
    expect(a?.text).toBe(
      'El riesgo país está en 573 puntos básicos, según DolarApi (dato del 03/12/2026).',
    );
  });

  it('answers a stock quote', async () => {
    const a = await answerer.answer('¿a cuánto cotiza GGAL?', caller);
    expect(a?.text).toContain('GGAL cotiza a $6.120,50 (-1,25% en el día)');
  });

  it('says plainly it has no figure when no source answers, never a sample', async () => {
    source.down = true;
    const a = await answerer.answer('¿a cuánto está el dólar blue hoy?', caller);
    expect(a?.text).toMatch(/^No tengo ese dato ahora/);
    expect(a?.sources).toEqual([]);
  });

  it('leaves questions that are not about a current figure to the rest of the assistant', async () => {
    await expect(answerer.answer('¿Qué es el dólar MEP?', caller)).resolves.toBeNull();
    await expect(answerer.answer('Explicame qué es un plazo fijo', caller)).resolves.toBeNull();
  });

  it('writes only figures the figure guard can verify against its tool results', async () => {
    for (const q of [
      '¿a cuánto está el dólar MEP?',
      '¿cómo está el riesgo país?',
      '¿a cuánto cotiza GGAL?',
    ]) {
      const a = await answerer.answer(q, caller);
      const check = checkFigures(a!.text, numbersInJson(a!.results));
      expect(check).toMatchObject({ unverified: 0 });
      expect(check.checked).toBeGreaterThan(0);
    }
  });
});
