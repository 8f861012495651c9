import { ArgentinaDatosSource } from '../../src/infrastructure/market-data/argentinadatos.source';
import { BackendSource } from '../../src/infrastructure/market-data/backend.source';
import { BcraSource } from '../../src/infrastructure/market-data/bcra.source';
import { Data912Source } from '../../src/infrastructure/market-data/data912.source';
import { DolarApiSource } from '../../src/infrastructure/market-data/dolarapi.source';
import { SourceShapeError, SourceUnavailableError } from '../../src/modules/market/market-source';
import type { FigureRequest } from '../../src/modules/market/market.types';
import { FakeBackend } from '../support/fake-backend';
import { FakeMarket } from '../support/fake-market';

const market = new FakeMarket();
const backend = new FakeBackend();
// Generous: a loaded machine must not turn a normal answer into a timeout.
const signal = () => AbortSignal.timeout(800);

beforeAll(async () => {
  await market.start();
  await backend.start();
});
afterAll(async () => {
  await market.stop();
  await backend.stop();
});
afterEach(() => market.modes.clear());

describe('DolarApiSource', () => {
  const source = () => new DolarApiSource(market.url);

  it('maps every casa with its own update time', async () => {
    const rates = await source().fetch({ kind: 'fx' }, signal());
    expect(rates.map((r) => r.casa)).toEqual([
      'oficial',
      'blue',
      'bolsa',
      'contadoconliqui',
      'mayorista',
      'cripto',
      'tarjeta',
    ]);
    expect(rates.find((r) => r.casa === 'bolsa')).toEqual({
      casa: 'bolsa',
      compra: 1188.4,
      venta: 1193.4,
      as_of: '2026-12-04T15:00:00.000Z',
    });
    expect(rates.find((r) => r.casa === 'tarjeta')?.compra).toBeNull();
  });

  it.each([
    ['changed', SourceShapeError],
    ['empty', SourceShapeError],
    ['error', SourceUnavailableError],
    ['hang', SourceUnavailableError],
  ] as const)('fails loudly on %s', async (mode, error) => {
    market.modes.set('/v1/dolares', mode);
    await expect(source().fetch({ kind: 'fx' }, signal())).rejects.toBeInstanceOf(error);
  });
});

describe('ArgentinaDatosSource', () => {
  const source = () => new ArgentinaDatosSource(market.url);

  it('gives the latest monthly inflation with its period', async () => {
    await expect(
      source().fetch({ kind: 'macro', indicator: 'inflacion_mensual' }, signal()),
    ).resolves.toEqual({
      indicator: 'inflacion_mensual',
      value: 2.3,
      unit: '%',
      period: '2026-10',
      as_of: '2026-10-31',
    });
  });

  it('gives riesgo país in basis points with its date', async () => {
    await expect(
      source().fetch({ kind: 'macro', indicator: 'riesgo_pais' }, signal()),
    ).resolves.toEqual({ indicator: 'riesgo_pais', value: 573, unit: 'pb', as_of: '2026-12-03' });
  });

  it('turns plazo fijo fractions into percentages, best rate first', async () => {
    const table = await source().fetch({ kind: 'rates', rateKind: 'plazo_fijo' }, signal());
    expect(table.items[0]).toEqual({
      entidad: 'BANCO B',
      tna_clientes_pct: 31,
      tna_no_clientes_pct: null,
    });
  });

  it('reads LECAPs with their price and monthly rate', async () => {
    const table = await source().fetch({ kind: 'rates', rateKind: 'lecap' }, signal());
    expect(table).toMatchObject({
      as_of: '2026-12-04T15:00:00.000Z',
      items: [{ ticker: 'S16O6', precio_ars: 118.45, tem_pct: 2.35 }],
    });
  });

  it('gives money-market funds with their date', async () => {
    const table = await source().fetch({ kind: 'rates', rateKind: 'fci_money_market' }, signal());
    expect(table).toMatchObject({ as_of: '2026-12-03', items: [{ fondo: 'Fondo Uno' }] });
  });

  it.each([
    ['changed', '/v1/finanzas/indices/inflacion', SourceShapeError],
    ['empty', '/v1/finanzas/indices/inflacion', SourceShapeError],
    ['error', '/v1/finanzas/indices/inflacion', SourceUnavailableError],
    ['hang', '/v1/finanzas/indices/inflacion', SourceUnavailableError],
    ['changed', '/v1/finanzas/letras', SourceShapeError],
    ['empty', '/v1/finanzas/letras', SourceShapeError],
  ] as const)('fails loudly on %s at %s', async (mode, path, error) => {
    market.modes.set(path, mode);
    const req: FigureRequest = path.includes('letras')
      ? { kind: 'rates', rateKind: 'lecap' }
      : { kind: 'macro', indicator: 'inflacion_mensual' };
    await expect(source().fetch(req, signal())).rejects.toBeInstanceOf(error);
  });
});

describe('BcraSource', () => {
  it('looks the series up in the catalogue by description, then reads the newest value', async () => {
    const source = new BcraSource(market.url);
    await expect(source.fetch({ kind: 'macro', indicator: 'reservas' }, signal())).resolves.toEqual(
      {
        indicator: 'reservas',
        value: 41873,
        unit: 'millones de USD',
        as_of: '2026-12-03',
      },
    );
    await expect(
      source.fetch({ kind: 'macro', indicator: 'badlar' }, signal()),
    ).resolves.toMatchObject({ value: 33.125 });
    expect(market.requests('/estadisticas/v4.0/Monetarias/7')).toBeGreaterThan(0);
  });

  it('does not answer what it does not publish', () => {
    const source = new BcraSource(market.url);
    expect(source.supports({ kind: 'macro', indicator: 'riesgo_pais' })).toBe(false);
    expect(source.supports({ kind: 'fx' })).toBe(false);
  });

  it.each([
    ['changed', '/estadisticas/v4.0/Monetarias', SourceShapeError],
    ['changed', '/estadisticas/v4.0/Monetarias/6', SourceShapeError],
    ['empty', '/estadisticas/v4.0/Monetarias/6', SourceShapeError],
    ['error', '/estadisticas/v4.0/Monetarias', SourceUnavailableError],
    ['hang', '/estadisticas/v4.0/Monetarias/6', SourceUnavailableError],
  ] as const)('fails loudly on %s at %s', async (mode, path, error) => {
    const source = new BcraSource(market.url);
    market.modes.set(path, mode);
    if (path.endsWith('/6')) {
      // The catalogue itself must answer; only the series is broken.
      market.modes.delete(path);
      await source.fetch({ kind: 'macro', indicator: 'reservas' }, signal());
      market.modes.set(path, mode);
    }
    await expect(
      source.fetch({ kind: 'macro', indicator: 'tasa_politica' }, signal()),
    ).rejects.toBeInstanceOf(error);
  });
});

describe('Data912Source', () => {
  const source = () => new Data912Source(market.url);

  it('gives a board of last prices, stamped with the fetch time', async () => {
    const before = Date.now();
    const board = await source().fetch({ kind: 'quotes', board: 'arg_stocks' }, signal());
    expect(board.quotes).toEqual([
      { symbol: 'GGAL', price: 6120.5, pct_change: -1.25, currency: 'ARS' },
      { symbol: 'YPFD', price: 41500, pct_change: 3.4, currency: 'ARS' },
    ]);
    expect(Date.parse(board.as_of)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('quotes US stocks in dollars', async () => {
    const board = await source().fetch({ kind: 'quotes', board: 'usa_stocks' }, signal());
    expect(board.quotes[0]).toMatchObject({ symbol: 'SPY', currency: 'USD' });
  });

  it.each([
    ['changed', SourceShapeError],
    ['empty', SourceShapeError],
    ['error', SourceUnavailableError],
    ['hang', SourceUnavailableError],
  ] as const)('fails loudly on %s', async (mode, error) => {
    market.modes.set('/live/arg_stocks', mode);
    await expect(
      source().fetch({ kind: 'quotes', board: 'arg_stocks' }, signal()),
    ).rejects.toBeInstanceOf(error);
  });
});

describe('BackendSource', () => {
  const source = () => new BackendSource(`${backend.url}/api/market/snapshot`);

  it("maps the backend snapshot's dollar rates and macro figures with its date", async () => {
    backend.market = {
      as_of: '2026-12-04',
      fx: { oficial_mayorista: 1181, mep: 1190 },
      macro: { riesgo_pais_pb: 600 },
    };
    await expect(source().fetch({ kind: 'fx' }, signal())).resolves.toEqual([
      { casa: 'mayorista', compra: null, venta: 1181, as_of: '2026-12-04' },
      { casa: 'bolsa', compra: null, venta: 1190, as_of: '2026-12-04' },
    ]);
    await expect(
      source().fetch({ kind: 'macro', indicator: 'riesgo_pais' }, signal()),
    ).resolves.toMatchObject({ value: 600, as_of: '2026-12-04' });
  });

  it('fails loudly on a snapshot without a date', async () => {
    backend.market = { fx: { mep: 1190 } };
    await expect(source().fetch({ kind: 'fx' }, signal())).rejects.toBeInstanceOf(SourceShapeError);
  });
});
