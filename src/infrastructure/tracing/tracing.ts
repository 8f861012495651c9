import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { TracingSettings } from '../../config/tracing-settings';

let sdk: NodeSDK | null = null;

/**
 * Starts the OpenTelemetry SDK with OTLP export and the instrumentations the service needs:
 * incoming and outgoing HTTP (W3C `traceparent` read and sent), undici (the LLM client, the main
 * backend and market sources), PostgreSQL and Redis. Nothing is loaded when tracing is off, so
 * an unconfigured service pays only for no-op API calls.
 */
export function startTracing(settings: TracingSettings, version: string): boolean {
  if (!settings.enabled || sdk) return sdk !== null;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK: Sdk, resources } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const exporter =
    settings.protocol === 'http/json'
      ? new (
          require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
        ).OTLPTraceExporter()
      : new (
          require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')
        ).OTLPTraceExporter();
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new Sdk({
    resource: resources.resourceFromAttributes({
      'service.name': settings.serviceName,
      'service.version': version,
    }),
    traceExporter: exporter,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? ''),
      }),
      new UndiciInstrumentation(),
      // Statement text only, never the values bound to it (they hold message texts).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
    ],
  });
  sdk.start();
  return true;
}

/** Flushes and stops the SDK (on shutdown), so the last spans are exported. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = null;
  await running?.shutdown().catch(() => undefined);
}
