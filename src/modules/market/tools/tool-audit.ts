import type { AuditToolCall } from '../../../infrastructure/database/records';
import type { ToolOutcome } from './market-tools';

/**
 * A tool call as the audit trail keeps it: the tool, its (validated) arguments, the source and
 * as-of of the figures it returned, and whether it worked; never the result itself.
 */
export function auditToolCall(args: unknown, outcome: ToolOutcome): AuditToolCall {
  const asOf =
    outcome.sources
      .map((s) => s.as_of)
      .sort()
      .at(-1) ?? null;
  return {
    tool: outcome.tool,
    arguments: args ?? null,
    source: outcome.sources[0]?.id ?? null,
    as_of: asOf,
    status: outcome.status,
  };
}
