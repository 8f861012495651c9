import { FX_CASAS, MACRO_INDICATORS, RATE_KINDS } from '../market.types';

export const TOOL_NAMES = [
  'get_fx_rates',
  'get_quotes',
  'get_macro',
  'get_rates',
  'get_portfolio',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** An OpenAI function-calling tool definition (the SDK's `ChatCompletionTool`). */
export interface ToolDefinition {
  type: 'function';
  function: {
    name: ToolName;
    description: string;
    parameters: Record<string, unknown>;
  };
}

const fn = (
  name: ToolName,
  description: string,
  parameters: Record<string, unknown>,
): ToolDefinition => ({ type: 'function', function: { name, description, parameters } });

// The descriptions are part of what the model reads, so they are in Spanish like the prompt.
const MARKET_TOOLS: ToolDefinition[] = [
  fn(
    'get_fx_rates',
    'Cotizaciones actuales del dólar en Argentina (compra y venta en pesos) con su fuente y fecha. bolsa = MEP, contadoconliqui = CCL.',
    {
      type: 'object',
      properties: {
        casas: {
          type: 'array',
          items: { type: 'string', enum: [...FX_CASAS] },
          description: 'Qué cotizaciones; todas si se omite.',
        },
      },
      additionalProperties: false,
    },
  ),
  fn(
    'get_quotes',
    'Último precio y variación diaria de acciones argentinas, CEDEARs, bonos, LECAPs y ONs (tickers como GGAL, YPFD, AL30, SPY).',
    {
      type: 'object',
      properties: {
        symbols: {
          type: 'array',
          items: { type: 'string', pattern: '^[A-Za-z0-9.]{1,12}$' },
          minItems: 1,
          maxItems: 10,
        },
      },
      required: ['symbols'],
      additionalProperties: false,
    },
  ),
  fn(
    'get_macro',
    'Último valor de un indicador macroeconómico argentino con su período, fuente y fecha.',
    {
      type: 'object',
      properties: { indicator: { type: 'string', enum: [...MACRO_INDICATORS] } },
      required: ['indicator'],
      additionalProperties: false,
    },
  ),
  fn(
    'get_rates',
    'Tasas actuales: plazo fijo por banco (TNA), LECAPs (precio, TNA, TEM) o FCIs money market (valor cuotaparte).',
    {
      type: 'object',
      properties: { kind: { type: 'string', enum: [...RATE_KINDS] } },
      required: ['kind'],
      additionalProperties: false,
    },
  ),
];

const PORTFOLIO_TOOL = fn(
  'get_portfolio',
  'Las tenencias del usuario en su cuenta de la app (instrumentos y cantidades).',
  { type: 'object', properties: {}, additionalProperties: false },
);

/** The tools offered to the model; the portfolio only when the main backend is configured. */
export function toolDefinitions(opts: { portfolio: boolean }): ToolDefinition[] {
  return opts.portfolio ? [...MARKET_TOOLS, PORTFOLIO_TOOL] : MARKET_TOOLS;
}
