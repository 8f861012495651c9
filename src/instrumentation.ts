/**
 * Loaded first by main.ts: starts tracing (when an OTLP endpoint is configured) before Nest,
 * Express, `pg`, `ioredis` and `undici` are required, so their instrumentation can hook them.
 */
import { loadDotEnv } from './config/dotenv';
import { readPackageVersion } from './config/load-config';
import { tracingSettings } from './config/tracing-settings';
import { startTracing } from './infrastructure/tracing/tracing';

try {
  loadDotEnv();
  startTracing(tracingSettings(), readPackageVersion());
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
