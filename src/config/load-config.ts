import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig, JwtAlgorithm, LlmEndpoint } from './app-config';
import { parseMarketSources } from './market-sources';
import { TracingSettings, tracingSettings } from './tracing-settings';
import { EnvironmentVariables } from './env.schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const MIN_SECRET_BYTES = 32;

export const DEFAULT_DISCLAIMER =
  'Esta respuesta es información general y no constituye una recomendación de inversión personalizada. Antes de invertir, evaluá tu perfil de riesgo y consultá con un asesor.';
const DEV_SECRET_FILE = 'jwt-secret.dev';

function describe(errors: ValidationError[]): string {
  return errors
    .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`)
    .join('\n  ');
}

export function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * In development a missing secret must not stop `npm start`: one random secret is generated
 * and kept in the data folder, so the server and the token CLI agree across restarts.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= MIN_SECRET_BYTES) return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function parseTrustProxy(raw: string | undefined): boolean | number {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  return Number(raw);
}

function parseOrigins(raw: string | undefined): string[] | true {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return true;
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
}

const trimUrl = (url: string): string => url.replace(/\/+$/, '');

function marketSourcesOf(env: EnvironmentVariables) {
  try {
    return parseMarketSources(env.MARKET_SOURCES, Boolean(env.MAIN_BACKEND_URL));
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
}

function tracingOf(env: NodeJS.ProcessEnv): TracingSettings {
  try {
    return tracingSettings(env);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
}

const emptyToUndefined = (env: NodeJS.ProcessEnv): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
};

const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/**
 * The primary (OpenAI when OPENAI_API_KEY is set, else Azure when configured) and the optional
 * fallback (OPENAI_FALLBACK_*, or Azure with LLM_FALLBACK_PROVIDER=azure).
 */
function llmEndpoints(env: EnvironmentVariables): LlmEndpoint[] {
  const azure: LlmEndpoint | null =
    env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_DEPLOYMENT
      ? {
          kind: 'azure',
          endpoint: env.AZURE_OPENAI_ENDPOINT.replace(/\/+$/, ''),
          apiKey: env.AZURE_OPENAI_API_KEY,
          deployment: env.AZURE_OPENAI_DEPLOYMENT,
          apiVersion: env.AZURE_OPENAI_API_VERSION ?? AZURE_DEFAULT_API_VERSION,
        }
      : null;
  const partialAzure = [
    env.AZURE_OPENAI_ENDPOINT,
    env.AZURE_OPENAI_API_KEY,
    env.AZURE_OPENAI_DEPLOYMENT,
  ].some((v) => v !== undefined);
  if (partialAzure && !azure) {
    throw new ConfigError(
      'Invalid configuration:\n  AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT: set all three or none',
    );
  }
  const openai: LlmEndpoint | null = env.OPENAI_API_KEY
    ? {
        kind: 'openai',
        apiKey: env.OPENAI_API_KEY,
        baseUrl: env.OPENAI_BASE_URL ?? null,
        model: env.OPENAI_MODEL ?? 'gpt-4-turbo',
      }
    : null;
  const primary = openai ?? azure;
  let fallback: LlmEndpoint | null = null;
  if (env.LLM_FALLBACK_PROVIDER === 'azure') {
    if (!azure || primary === azure) {
      throw new ConfigError(
        'Invalid configuration:\n  LLM_FALLBACK_PROVIDER: "azure" needs the AZURE_OPENAI_* variables and OPENAI_API_KEY for the primary',
      );
    }
    fallback = azure;
  } else if (
    env.OPENAI_FALLBACK_BASE_URL ||
    env.OPENAI_FALLBACK_MODEL ||
    env.OPENAI_FALLBACK_API_KEY
  ) {
    fallback = {
      kind: 'openai',
      apiKey: env.OPENAI_FALLBACK_API_KEY ?? env.OPENAI_API_KEY ?? 'not-needed',
      baseUrl: env.OPENAI_FALLBACK_BASE_URL ?? null,
      model: env.OPENAI_FALLBACK_MODEL ?? env.OPENAI_MODEL ?? 'gpt-4-turbo',
    };
  }
  if (fallback && !primary) {
    throw new ConfigError(
      'Invalid configuration:\n  OPENAI_FALLBACK_*: a fallback needs a primary (OPENAI_API_KEY or AZURE_OPENAI_*)',
    );
  }
  return [primary, fallback].filter((e): e is LlmEndpoint => e !== null);
}

/** Validates the environment and derives the typed configuration. Throws ConfigError. */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvironmentVariables, emptyToUndefined(rawEnv));
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${describe(errors)}`);
  }

  const environment = env.ENVIRONMENT ?? 'development';
  const isProduction = environment === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');

  let secret = env.JWT_SECRET_KEY;
  let secretSource: AppConfig['jwt']['secretSource'] = 'env';
  if (
    secret !== undefined &&
    Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES &&
    isProduction
  ) {
    throw new ConfigError(
      `Invalid configuration:\n  JWT_SECRET_KEY: must be at least ${MIN_SECRET_BYTES} bytes in production`,
    );
  }
  if (secret === undefined) {
    if (isProduction) {
      throw new ConfigError(
        'Invalid configuration:\n  JWT_SECRET_KEY: is required when ENVIRONMENT=production',
      );
    }
    secret = developmentSecret(dataDir);
    secretSource = 'data-dir';
  }

  const algorithms = (env.JWT_ALGORITHMS ?? 'HS256')
    .split(',')
    .map((a) => a.trim()) as JwtAlgorithm[];

  const config = new AppConfig();
  Object.assign(config, {
    environment,
    isProduction,
    debug: env.DEBUG === 'true' || env.DEBUG === '1',
    logLevel: (env.LOG_LEVEL ?? (isProduction ? 'info' : 'info'))
      .toLowerCase()
      .replace('warning', 'warn'),
    logPretty: env.LOG_PRETTY === 'true',
    port: env.PORT ?? 8081,
    dataDir,
    version: readPackageVersion(),
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          migrationsRun: env.DB_MIGRATIONS_RUN !== 'false',
        }
      : {
          kind: 'sqlite',
          file: join(dataDir, 'chat.sqlite'),
          migrationsRun: env.DB_MIGRATIONS_RUN !== 'false',
        },
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX ?? 'chat:' }
      : null,
    llm: {
      apiKey: env.OPENAI_API_KEY ?? null,
      baseUrl: env.OPENAI_BASE_URL ?? null,
      model: env.OPENAI_MODEL ?? 'gpt-4-turbo',
      timeoutMs: env.OPENAI_TIMEOUT_MS ?? 30000,
      maxRetries: env.OPENAI_MAX_RETRIES ?? 2,
      maxTokens: env.OPENAI_MAX_TOKENS ?? 800,
      fallback: env.LLM_FALLBACK === 'offline' ? 'offline' : 'none',
      breakerFailures: env.LLM_BREAKER_FAILURES ?? 5,
      breakerResetMs: env.LLM_BREAKER_RESET_MS ?? 30000,
      endpoints: llmEndpoints(env),
    },
    quota: { tokensPerDay: env.QUOTA_TOKENS_PER_DAY ?? 0 },
    jwt: {
      secret,
      secretSource,
      issuer: env.JWT_ISSUER ?? null,
      audience: env.JWT_AUDIENCE ?? null,
      algorithms,
      clockToleranceS: env.JWT_CLOCK_TOLERANCE_S ?? 30,
    },
    mainBackend: {
      url: env.MAIN_BACKEND_URL ? env.MAIN_BACKEND_URL.replace(/\/+$/, '') : null,
      profilePath: env.MAIN_BACKEND_PROFILE_PATH ?? '/api/users/{user_id}/profile',
      marketPath: env.MAIN_BACKEND_MARKET_PATH ?? '/api/market/snapshot',
      timeoutMs: env.MAIN_BACKEND_TIMEOUT_MS ?? 1500,
    },
    market: {
      sources: marketSourcesOf(env),
      urls: {
        dolarapi: trimUrl(env.DOLARAPI_URL ?? 'https://dolarapi.com'),
        argentinadatos: trimUrl(env.ARGENTINADATOS_URL ?? 'https://api.argentinadatos.com'),
        bcra: trimUrl(env.BCRA_API_URL ?? 'https://api.bcra.gob.ar'),
        data912: trimUrl(env.DATA912_URL ?? 'https://data912.com'),
      },
      timeoutMs: env.MARKET_TIMEOUT_MS ?? 1500,
      liveTtlS: env.MARKET_LIVE_TTL_S ?? 60,
      seriesTtlS: env.MARKET_SERIES_TTL_S ?? 3600,
    },
    tools: {
      maxRounds: env.LLM_MAX_TOOL_ROUNDS ?? 3,
      portfolioPath: env.MAIN_BACKEND_PORTFOLIO_PATH ?? '/api/users/{user_id}/portfolio',
    },
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: {
      chatPerMin: env.RATE_LIMIT_CHAT_PER_MIN ?? 20,
      historyPerMin: env.RATE_LIMIT_HISTORY_PER_MIN ?? 10,
      generalPerMin: env.RATE_LIMIT_GENERAL_PER_MIN ?? 100,
      handshakesPerMin: env.RATE_LIMIT_HANDSHAKES_PER_MIN ?? 60,
      maxSocketsPerUser: env.MAX_SOCKETS_PER_USER ?? 10,
    },
    cacheTtlS: env.CACHE_TTL_S ?? 86400,
    demoPage: env.DEMO_PAGE ? env.DEMO_PAGE === 'true' : !isProduction,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS ?? 20000,
    sentimentMode: env.SENTIMENT_MODE === 'hybrid' ? 'hybrid' : 'local',
    trust: {
      disclaimerText: env.DISCLAIMER_TEXT ?? DEFAULT_DISCLAIMER,
      profileMaxAgeDays: env.PROFILE_MAX_AGE_DAYS ?? 365,
      rolesClaim: env.JWT_ROLES_CLAIM ?? 'roles',
      auditRole: env.AUDIT_ROLE ?? 'compliance',
      retentionDays: env.RETENTION_DAYS ?? 0,
      retentionSweepIntervalMs: env.RETENTION_SWEEP_INTERVAL_MS ?? 3_600_000,
    },
    tracing: tracingOf(rawEnv),
  } satisfies Omit<AppConfig, 'embedded' | 'devTokens'>);
  return config;
}
