import {
  Attributes,
  Link,
  Span,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';

/** The service's tracer; a no-op (and nearly free) until the SDK is started. */
export const tracer = trace.getTracer('chat-service');

export interface SpanOptions {
  kind?: SpanKind;
  links?: Link[];
}

/**
 * Runs `fn` inside a new active span, ending it when `fn` settles; a thrown error marks the span
 * failed with the error's class name only (error messages can quote user text).
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  return tracer.startActiveSpan(
    name,
    { attributes, kind: options.kind ?? SpanKind.INTERNAL, links: options.links },
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: err instanceof Error ? err.name : 'error',
        });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** The active trace's ids, for log lines; empty outside a trace or with tracing off. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}

/** A link to the span active now, for work that continues elsewhere (an answer's LLM call). */
export function linkToActive(): Link[] {
  const span = trace.getSpan(context.active());
  return span && isSpanContextValid(span.spanContext()) ? [{ context: span.spanContext() }] : [];
}

export { SpanKind };
