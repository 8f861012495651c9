import type { SourceRef } from '../market.types';
import type { MarketTools, ToolCaller, ToolOutcome } from '../tools/market-tools';
import type { AuditToolCall } from '../../../infrastructure/database/records';
import { auditToolCall } from '../tools/tool-audit';
import { formatAsOf, formatNumber } from './argentine-format';
import { FigureQuestion, figureQuestion, MONTHS } from './figure-question';

export interface LiveFigureAnswer {
  text: string;
  sources: SourceRef[];
  /** The tool results the answer was written from (the figure guard checks against them). */
  results: Record<string, unknown>[];
  tools: ToolOutcome[];
  /** The call as the audit trail keeps it. */
  audit: AuditToolCall[];
}

const CASA_NAMES: Record<string, string> = {
  oficial: 'El dólar oficial',
  blue: 'El dólar blue',
  bolsa: 'El dólar MEP (bolsa)',
  contadoconliqui: 'El contado con liquidación (CCL)',
  mayorista: 'El dólar mayorista',
  cripto: 'El dólar cripto',
  tarjeta: 'El dólar tarjeta',
};

const NO_FIGURE =
  'No tengo ese dato ahora: ninguna fuente de mercado respondió. Probá de nuevo en unos minutos o consultalo en la fuente oficial (BCRA, INDEC o tu ALyC).';

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The offline assistant's answer to "¿a cuánto está el dólar MEP?" and the like: the same tools
 * the model calls, quoted with the value, its as-of (Argentine format) and the source's name.
 * Never the bundled sample: with no source answering it says so plainly.
 */
export class LiveFiguresAnswerer {
  constructor(private readonly tools: MarketTools) {}

  /** The answer, or null when the question is not about a current figure. */
  async answer(
    question: string,
    caller: ToolCaller,
    onTool?: (tool: string, status: 'started' | 'done' | 'failed') => void,
  ): Promise<LiveFigureAnswer | null> {
    const asked = figureQuestion(question);
    if (!asked) return null;
    const { tool, ...args } = asked;
    onTool?.(tool, 'started');
    const outcome = await this.tools.run(tool, args, caller);
    onTool?.(tool, outcome.status);
    const text = outcome.status === 'done' ? this.describe(asked, outcome) : null;
    return {
      text: text ?? NO_FIGURE,
      sources: text ? outcome.sources : [],
      results: text ? [outcome.result] : [],
      tools: [outcome],
      audit: [auditToolCall(args, outcome)],
    };
  }

  private describe(asked: FigureQuestion, outcome: ToolOutcome): string | null {
    const r = outcome.result;
    const source = outcome.sources[0]?.name ?? '';
    const cite = (asOf: string) => `según ${source} (dato del ${formatAsOf(asOf, MONTHS)})`;
    const staleNote =
      r.stale === true ? ' Es el último valor disponible: la fuente no respondió ahora.' : '';
    switch (asked.tool) {
      case 'get_fx_rates': {
        const rates = (r.rates as Row[] | undefined) ?? [];
        if (rates.length === 0) return null;
        const lines = rates.map((rate) => {
          const venta = num(rate.venta);
          const compra = num(rate.compra);
          const name = CASA_NAMES[str(rate.casa)] ?? str(rate.casa);
          const sell = venta === null ? '' : ` $${formatNumber(venta)} para la venta`;
          const buy =
            compra === null ? '' : `${sell ? ' y' : ''} $${formatNumber(compra)} para la compra`;
          const stale = rate.stale === true ? ' (último valor disponible)' : '';
          return `${name} está a${sell}${buy}, ${cite(str(rate.as_of))}${stale}.`;
        });
        return lines.join('\n');
      }
      case 'get_macro':
        return this.macro(asked, r, cite) + staleNote;
      case 'get_rates':
        return this.rates(r, cite) + staleNote;
      case 'get_quotes': {
        const quotes = (r.quotes as Row[] | undefined) ?? [];
        const missing = (r.not_found as string[] | undefined) ?? [];
        const lines = quotes.map((q) => {
          const pct = num(q.pct_change);
          const cur = q.currency === 'USD' ? 'US$' : '$';
          const change =
            pct === null ? '' : ` (${pct >= 0 ? '+' : ''}${formatNumber(pct)}% en el día)`;
          return `${str(q.symbol)} cotiza a ${cur}${formatNumber(num(q.price) ?? 0)}${change}, ${cite(str(q.as_of))}.`;
        });
        if (missing.length > 0) lines.push(`No encontré cotización para ${missing.join(', ')}.`);
        return lines.length > 0 ? lines.join('\n') + staleNote : null;
      }
    }
  }

  private macro(
    asked: Extract<FigureQuestion, { tool: 'get_macro' }>,
    r: Row,
    cite: (asOf: string) => string,
  ): string {
    const value = num(r.value) ?? 0;
    const asOf = str(r.as_of);
    const period = str(r.period);
    switch (asked.indicator) {
      case 'inflacion_mensual':
      case 'inflacion_interanual': {
        const kind = asked.indicator === 'inflacion_mensual' ? 'mensual' : 'interanual';
        const month = period ? formatAsOf(period, MONTHS) : formatAsOf(asOf, MONTHS);
        const latestMonth = period ? Number(period.slice(5, 7)) : 0;
        const other =
          asked.month && latestMonth && asked.month !== latestMonth
            ? `Todavía no tengo el dato de ${MONTHS[asked.month - 1]}: el último publicado es el de ${month}. `
            : '';
        return `${other}La inflación ${kind} de ${month} fue ${formatNumber(value, 1)}%, ${cite(asOf)}.`;
      }
      case 'riesgo_pais':
        return `El riesgo país está en ${formatNumber(value, 0)} puntos básicos, ${cite(asOf)}.`;
      case 'reservas':
        return `Las reservas internacionales del BCRA son de US$ ${formatNumber(value, 0)} millones, ${cite(asOf)}.`;
      case 'tasa_politica':
        return `La tasa de política monetaria es ${formatNumber(value)}% (${str(r.unit)}), ${cite(asOf)}.`;
      case 'badlar':
        return `La tasa BADLAR de bancos privados es ${formatNumber(value)}% (${str(r.unit)}), ${cite(asOf)}.`;
      case 'uva':
        return `El índice UVA vale $${formatNumber(value)}, ${cite(asOf)}.`;
    }
  }

  private rates(r: Row, cite: (asOf: string) => string): string | null {
    const items = ((r.items as Row[] | undefined) ?? []).slice(0, 5);
    if (items.length === 0) return null;
    const asOf = str(r.as_of);
    switch (r.kind) {
      case 'plazo_fijo':
        return [
          `Tasas de plazo fijo a 30 días (TNA para clientes), ${cite(asOf)}:`,
          ...items.map(
            (i) => `- ${str(i.entidad)}: ${formatNumber(num(i.tna_clientes_pct) ?? 0)}%`,
          ),
        ].join('\n');
      case 'lecap':
        return [
          `LECAPs, ${cite(asOf)}:`,
          ...items.map((i) => {
            const tem = num(i.tem_pct);
            const price = num(i.precio_ars);
            return `- ${str(i.ticker)} (vence ${formatAsOf(str(i.vencimiento), MONTHS)})${price === null ? '' : `: $${formatNumber(price)}`}${tem === null ? '' : `, TEM ${formatNumber(tem)}%`}`;
          }),
        ].join('\n');
      default:
        return [
          `FCIs money market (valor de la cuotaparte), ${cite(asOf)}:`,
          ...items.map((i) => `- ${str(i.fondo)}: $${formatNumber(num(i.vcp) ?? 0, 3)}`),
        ].join('\n');
    }
  }
}
