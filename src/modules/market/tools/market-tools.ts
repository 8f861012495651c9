import { z } from 'zod';
import type { MarketDataService, Sourced } from '../market-data.service';
import {
  FX_CASAS,
  MACRO_INDICATORS,
  QUOTE_BOARDS,
  RATE_KINDS,
  SourceInfo,
  SourceRef,
} from '../market.types';
import type { PortfolioSource } from '../portfolio-source';
import { TOOL_NAMES, ToolName } from './tool-definitions';
import { inSpan } from '../../../infrastructure/tracing/spans';

export interface ToolCaller {
  userId: string;
  token: string;
}

export interface ToolOutcome {
  tool: string;
  status: 'done' | 'failed';
  /** The JSON given to the model as the `tool` message. */
  result: Record<string, unknown>;
  /** The sources of the figures in `result`, for the reply's attribution. */
  sources: SourceRef[];
}

const ARGS = {
  get_fx_rates: z.object({ casas: z.array(z.enum(FX_CASAS)).max(7).optional() }),
  get_quotes: z.object({
    symbols: z
      .array(z.string().regex(/^[A-Za-z0-9.]{1,12}$/))
      .min(1)
      .max(10),
  }),
  get_macro: z.object({ indicator: z.enum(MACRO_INDICATORS) }),
  get_rates: z.object({ kind: z.enum(RATE_KINDS) }),
  get_portfolio: z.object({}),
} satisfies Record<ToolName, z.ZodType>;

const UNAVAILABLE = {
  error: 'unavailable',
  message: 'No hay dato disponible ahora de ninguna fuente.',
};

const stamp = (s: Sourced<unknown>, asOf: string) => ({
  as_of: asOf,
  source: s.source.id,
  ...(s.stale ? { stale: true } : {}),
});

const ref = (source: SourceInfo, asOf: string, tool: string): SourceRef => ({
  id: source.id,
  name: source.name,
  ...(source.url ? { url: source.url } : {}),
  as_of: asOf,
  tool,
});

const newest = (dates: string[]): string => [...dates].sort().at(-1) ?? '';

/** Runs the tools the model (or the offline assistant) asks for; never throws. */
export class MarketTools {
  constructor(
    private readonly market: MarketDataService,
    private readonly portfolios: PortfolioSource | null,
  ) {}

  /** One span per tool call (GenAI `execute_tool`), with its outcome; arguments stay out. */
  run(name: string, rawArgs: unknown, caller: ToolCaller): Promise<ToolOutcome> {
    return inSpan(
      `execute_tool ${name}`,
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name },
      async (span) => {
        const outcome = await this.runTool(name, rawArgs, caller);
        span.setAttribute('chat.tool.status', outcome.status);
        return outcome;
      },
    );
  }

  private async runTool(name: string, rawArgs: unknown, caller: ToolCaller): Promise<ToolOutcome> {
    if (!(TOOL_NAMES as readonly string[]).includes(name)) {
      return this.failed(name, { error: 'unknown_tool' });
    }
    const tool = name as ToolName;
    const args = ARGS[tool].safeParse(rawArgs ?? {});
    if (!args.success) return this.failed(name, { error: 'invalid_arguments' });
    try {
      switch (tool) {
        case 'get_fx_rates':
          return await this.fxRates(ARGS.get_fx_rates.parse(args.data).casas);
        case 'get_quotes':
          return await this.quotes(ARGS.get_quotes.parse(args.data).symbols);
        case 'get_macro':
          return await this.macro(ARGS.get_macro.parse(args.data).indicator);
        case 'get_rates':
          return await this.rates(ARGS.get_rates.parse(args.data).kind);
        case 'get_portfolio':
          return await this.portfolio(caller);
      }
    } catch {
      return this.failed(name, UNAVAILABLE);
    }
  }

  private failed(tool: string, result: Record<string, unknown>): ToolOutcome {
    return { tool, status: 'failed', result, sources: [] };
  }

  private async fxRates(casas?: string[]): Promise<ToolOutcome> {
    const tool = 'get_fx_rates';
    const got = await this.market.get({ kind: 'fx' });
    if (!got) return this.failed(tool, UNAVAILABLE);
    const wanted = casas && casas.length > 0 ? new Set(casas) : null;
    const rates = got.data
      .filter((r) => !wanted || wanted.has(r.casa))
      .map((r) => ({ casa: r.casa, compra: r.compra, venta: r.venta, ...stamp(got, r.as_of) }));
    if (rates.length === 0) return this.failed(tool, UNAVAILABLE);
    const asOf = newest(rates.map((r) => r.as_of));
    return { tool, status: 'done', result: { rates }, sources: [ref(got.source, asOf, tool)] };
  }

  private async quotes(symbols: string[]): Promise<ToolOutcome> {
    const tool = 'get_quotes';
    const missing = new Set(symbols.map((s) => s.toUpperCase()));
    const quotes: Record<string, unknown>[] = [];
    const sources = new Map<string, SourceRef>();
    let anyBoard = false;
    // Boards are read in order only until every ticker is found (each board is cached).
    for (const board of QUOTE_BOARDS) {
      if (missing.size === 0) break;
      const got = await this.market.get({ kind: 'quotes', board });
      if (!got) continue;
      anyBoard = true;
      for (const q of got.data.quotes) {
        if (!missing.has(q.symbol)) continue;
        missing.delete(q.symbol);
        quotes.push({ ...q, ...stamp(got, got.data.as_of) });
        sources.set(got.source.id, ref(got.source, got.data.as_of, tool));
      }
    }
    if (!anyBoard) return this.failed(tool, UNAVAILABLE);
    return {
      tool,
      status: 'done',
      result: { quotes, not_found: [...missing] },
      sources: [...sources.values()],
    };
  }

  private async macro(indicator: (typeof MACRO_INDICATORS)[number]): Promise<ToolOutcome> {
    const tool = 'get_macro';
    const got = await this.market.get({ kind: 'macro', indicator });
    if (!got) return this.failed(tool, { indicator, ...UNAVAILABLE });
    const f = got.data;
    return {
      tool,
      status: 'done',
      result: {
        indicator: f.indicator,
        value: f.value,
        unit: f.unit,
        ...(f.period ? { period: f.period } : {}),
        ...stamp(got, f.as_of),
      },
      sources: [ref(got.source, f.as_of, tool)],
    };
  }

  private async rates(kind: (typeof RATE_KINDS)[number]): Promise<ToolOutcome> {
    const tool = 'get_rates';
    const got = await this.market.get({ kind: 'rates', rateKind: kind });
    if (!got) return this.failed(tool, { kind, ...UNAVAILABLE });
    return {
      tool,
      status: 'done',
      result: { kind, items: got.data.items.slice(0, 20), ...stamp(got, got.data.as_of) },
      sources: [ref(got.source, got.data.as_of, tool)],
    };
  }

  private async portfolio(caller: ToolCaller): Promise<ToolOutcome> {
    const tool = 'get_portfolio';
    if (!this.portfolios) return this.failed(tool, { error: 'not_configured' });
    const body = await this.portfolios.portfolio(caller.userId, caller.token);
    if (body === null) return this.failed(tool, UNAVAILABLE);
    const asOf = new Date().toISOString();
    return {
      tool,
      status: 'done',
      result: { portfolio: body, as_of: asOf, source: 'backend' },
      sources: [{ id: 'backend', name: 'Backend de la app', as_of: asOf, tool }],
    };
  }
}
