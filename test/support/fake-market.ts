import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'changed' | 'error' | 'hang' | 'empty';

/**
 * Local stand-ins for the public market sources (DolarApi, ArgentinaDatos, BCRA v4.0, data912),
 * all on one server, with the shapes of the reference. Each path can be switched to answer with
 * a changed shape, a 500, never (hang), or an empty list; requests are counted per path.
 */
export class FakeMarket {
  /** Mode per path prefix (`/v1/dolares`); `ok` when absent. */
  readonly modes = new Map<string, FakeMode>();
  readonly hits = new Map<string, number>();
  delayMs = 0;
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  mep = { compra: 1188.4, venta: 1193.4 };

  /** The same base URL serves every source (each adapter has its own path space). */
  env(): Record<string, string> {
    return {
      DOLARAPI_URL: this.url,
      ARGENTINADATOS_URL: this.url,
      BCRA_API_URL: this.url,
      DATA912_URL: this.url,
    };
  }

  requests(prefix: string): number {
    let n = 0;
    for (const [path, count] of this.hits) if (path.startsWith(prefix)) n += count;
    return n;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private modeFor(path: string): FakeMode {
    for (const [prefix, mode] of this.modes) if (path.startsWith(prefix)) return mode;
    return 'ok';
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const mode = this.modeFor(path);
    if (mode === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    setTimeout(() => {
      if (res.destroyed) return;
      res.setHeader('content-type', 'application/json');
      if (mode === 'error') {
        res.statusCode = 500;
        res.end('{"error":"internal"}');
        return;
      }
      const body = this.body(path, mode);
      if (body === undefined) {
        res.statusCode = 404;
        res.end('{"error":"not found"}');
        return;
      }
      res.end(JSON.stringify(body));
    }, this.delayMs);
  }

  private body(path: string, mode: FakeMode): unknown {
    const empty = mode === 'empty';
    const changed = mode === 'changed';
    if (path === '/v1/dolares') {
      if (empty) return [];
      if (changed) return [{ casa: 'bolsa', precio: { compra: 1, venta: 2 } }];
      return [
        dolar('oficial', 1145, 1195),
        dolar('blue', 1205, 1225),
        dolar('bolsa', this.mep.compra, this.mep.venta),
        dolar('contadoconliqui', 1210.1, 1215.8),
        dolar('mayorista', 1172, 1181),
        dolar('cripto', 1212.4, 1219.9),
        dolar('tarjeta', null, 1553.5),
      ];
    }
    const series = (values: [string, number][]) =>
      empty ? [] : changed ? { data: values } : values.map(([fecha, valor]) => ({ fecha, valor }));
    switch (path) {
      case '/v1/finanzas/indices/inflacion':
        return series([
          ['2026-09-30', 2.1],
          ['2026-10-31', 2.3],
        ]);
      case '/v1/finanzas/indices/inflacionInteranual':
        return series([['2026-10-31', 31.3]]);
      case '/v1/finanzas/indices/uva':
        return series([['2026-12-04', 1450.32]]);
      case '/v1/finanzas/indices/riesgo-pais/ultimo':
        return changed ? { value: 573 } : { valor: 573, fecha: '2026-12-03' };
      case '/v1/finanzas/tasas/plazoFijo':
        if (empty) return [];
        return [
          {
            entidad: 'BANCO A',
            logo: '',
            tnaClientes: changed ? '29%' : 0.29,
            tnaNoClientes: 0.27,
            enlace: '',
          },
          { entidad: 'BANCO B', logo: '', tnaClientes: 0.31, tnaNoClientes: null, enlace: '' },
        ];
      case '/v1/finanzas/letras':
        if (empty) return { fechaActualizacion: '2026-12-04T15:00:00.000Z', letras: [] };
        return {
          fechaActualizacion: '2026-12-04T15:00:00.000Z',
          letras: [
            {
              ticker: 'S16O6',
              precioArs: changed ? 'n/a' : 118.45,
              tnaPorcentaje: 28.1,
              teaPorcentaje: 31.9,
              temPorcentaje: 2.35,
              fechaVencimiento: '2026-10-16',
              diasAlVencimiento: 316,
              volumen: 1000,
              isin: 'ARX',
            },
          ],
        };
      case '/v1/finanzas/fci/mercadoDinero/ultimo':
        if (empty) return [];
        return [
          {
            fondo: 'Fondo Uno',
            fecha: '2026-12-03',
            vcp: 12.345,
            ccp: 1,
            patrimonio: 900,
            horizonte: 'corto',
          },
        ];
      case '/estadisticas/v4.0/Monetarias':
        if (changed) return { data: [] };
        return {
          results: [
            catalogue(1, 'Reservas Internacionales del BCRA (en millones de dólares)'),
            catalogue(5, 'Tipo de Cambio Mayorista ($ por US$) Comunicación A 3500'),
            catalogue(6, 'Tasa de Política Monetaria (en % n.a.)'),
            catalogue(7, 'BADLAR en pesos de bancos privados (en % n.a.)'),
          ],
          metadata: { resultset: { count: 4, offset: 0, limit: 1000 } },
        };
    }
    const bcra = /^\/estadisticas\/v4\.0\/Monetarias\/(\d+)$/.exec(path);
    if (bcra) {
      const id = Number(bcra[1]);
      const valor = { 1: 41873, 5: 1181.5, 6: 29, 7: 33.125 }[id];
      if (valor === undefined) return undefined;
      return {
        metadata: { resultset: { count: 1, offset: 0, limit: 1 } },
        results: [
          {
            idVariable: id,
            detalle: empty ? [] : [{ fecha: '2026-12-03', [changed ? 'value' : 'valor']: valor }],
          },
        ],
      };
    }
    const board = /^\/live\/([a-z_]+)$/.exec(path);
    if (board) {
      if (empty) return [];
      const boards: Record<string, [string, number, number][]> = {
        arg_stocks: [
          ['GGAL', 6120.5, -1.25],
          ['YPFD', 41500, 3.4],
        ],
        arg_cedears: [['AAPL', 15200, 1.1]],
        arg_bonds: [['AL30', 81000, 0.5]],
        arg_notes: [['S16O6', 118.45, 0.1]],
        arg_corp: [['YMCXO', 1.05, 0]],
        usa_stocks: [['SPY', 512.3, 0.2]],
      };
      return (boards[board[1]] ?? []).map(([symbol, c, pct]) =>
        changed
          ? { ticker: symbol, last: c }
          : {
              symbol,
              c,
              v: 1000,
              q_bid: 1,
              px_bid: c,
              px_ask: c,
              q_ask: 1,
              q_op: 10,
              pct_change: pct,
            },
      );
    }
    return undefined;
  }
}
function dolar(casa: string, compra: number | null, venta: number) {
  return {
    moneda: 'USD',
    casa,
    nombre: casa,
    compra,
    venta,
    fechaActualizacion: '2026-12-04T15:00:00.000Z',
  };
}

function catalogue(idVariable: number, descripcion: string) {
  return {
    idVariable,
    descripcion,
    categoria: 'Principales Variables',
    periodicidad: 'D',
    unidadExpresion: 'x',
    moneda: 'ARS',
    ultFechaInformada: '2026-12-03',
    ultValorInformado: 1,
  };
}
