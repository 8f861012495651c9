import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { TEST_SECRET } from './jwt';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

const DEFAULT_PORTS: Record<string, number> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
};

/** The host and port a service URL points at, with the scheme's default port. */
export function endpointOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
  if (!port) throw new Error(`no port in ${u.protocol} URL`);
  // IPv6 literals keep their brackets in URL.hostname; sockets want them bare.
  return { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/** `url` sent to another local port instead (a fault proxy), keeping credentials and path. */
export function throughPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

/** A configuration for one test suite: its own data folder and Redis key prefix. */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET_KEY: TEST_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'chat-test-')),
    REDIS_KEY_PREFIX: `chat-test-${randomBytes(4).toString('hex')}:`,
    PORT: '0',
    // Suites that are not about rate limits must not trip them; rate-limit suites lower these.
    RATE_LIMIT_CHAT_PER_MIN: '10000',
    RATE_LIMIT_HISTORY_PER_MIN: '10000',
    RATE_LIMIT_GENERAL_PER_MIN: '100000',
    RATE_LIMIT_HANDSHAKES_PER_MIN: '10000',
    // No test reaches the internet: suites about live figures point the sources at local fakes.
    MARKET_SOURCES: 'none',
    ...env,
  });
}
