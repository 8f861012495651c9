/**
 * Tracing is configured by the standard OpenTelemetry variables, read here (before Nest and the
 * rest of the configuration load) because instrumentation must be installed before `http`,
 * `pg`, `ioredis` and `undici` are first required.
 */
export interface TracingSettings {
  enabled: boolean;
  serviceName: string;
  protocol: 'http/protobuf' | 'http/json';
}

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const set = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const endpoint = set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? set('OTEL_EXPORTER_OTLP_ENDPOINT');
  const disabled = set('OTEL_SDK_DISABLED') === 'true' || set('OTEL_TRACES_EXPORTER') === 'none';
  const protocol =
    set('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ??
    set('OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new Error(
      `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: must be one of ${PROTOCOLS.join(', ')} (got "${protocol}")`,
    );
  }
  return {
    enabled: endpoint !== undefined && !disabled,
    serviceName: set('OTEL_SERVICE_NAME') ?? 'chat-service',
    protocol: protocol as TracingSettings['protocol'],
  };
}
