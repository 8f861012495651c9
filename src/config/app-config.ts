import type { TracingSettings } from './tracing-settings';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; migrationsRun: boolean }
  | { kind: 'sqlite'; file: string; migrationsRun: boolean };

/** One model endpoint: OpenAI (or any compatible server) or Azure OpenAI. */
export type LlmEndpoint =
  | { kind: 'openai'; apiKey: string; baseUrl: string | null; model: string }
  | { kind: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion: string };

export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512';

export const MARKET_SOURCE_IDS = [
  'dolarapi',
  'argentinadatos',
  'bcra',
  'data912',
  'backend',
] as const;
export type MarketSourceId = (typeof MARKET_SOURCE_IDS)[number];

/**
 * The validated, typed configuration. It is also the DI token: inject `AppConfig` anywhere.
 * Built once by `loadConfig()`; nothing outside `config/` reads `process.env`.
 */
export class AppConfig {
  environment!: string;
  isProduction!: boolean;
  debug!: boolean;
  logLevel!: string;
  logPretty!: boolean;
  port!: number;
  dataDir!: string;
  version!: string;
  database!: DatabaseConfig;
  redis!: { url: string; keyPrefix: string } | null;
  llm!: {
    apiKey: string | null;
    baseUrl: string | null;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    maxTokens: number;
    /** `offline`: the offline assistant answers (marked degraded) when the LLM cannot. */
    fallback: 'offline' | 'none';
    /** Consecutive failures that open the circuit breaker, and how long it stays open. */
    breakerFailures: number;
    breakerResetMs: number;
    /** The model endpoints in the order they are tried: the primary, then the fallback. */
    endpoints: LlmEndpoint[];
  };
  /** Tokens per user per UTC day; 0 = no quota. */
  quota!: { tokensPerDay: number };
  jwt!: {
    secret: string;
    /** Where the secret came from: the environment, or a development secret kept in DATA_DIR. */
    secretSource: 'env' | 'data-dir';
    issuer: string | null;
    audience: string | null;
    algorithms: JwtAlgorithm[];
    clockToleranceS: number;
  };
  mainBackend!: { url: string | null; profilePath: string; marketPath: string; timeoutMs: number };
  /** Public market-data sources (MARKET_SOURCES; an empty list keeps the dated sample). */
  market!: {
    sources: MarketSourceId[];
    urls: Record<Exclude<MarketSourceId, 'backend'>, string>;
    timeoutMs: number;
    /** Cache lifetime of dollar rates and quotes, and of macro series and rates. */
    liveTtlS: number;
    seriesTtlS: number;
  };
  /** Tools offered to the LLM: rounds per answer, and where the user's portfolio is read. */
  tools!: { maxRounds: number; portfolioPath: string };
  corsOrigins!: string[] | true;
  trustProxy!: boolean | number;
  rateLimits!: {
    chatPerMin: number;
    historyPerMin: number;
    generalPerMin: number;
    handshakesPerMin: number;
    maxSocketsPerUser: number;
  };
  cacheTtlS!: number;
  demoPage!: boolean;

  /**
   * `POST /api/dev/token` exists only for the demo page of a service signing with its own
   * generated development secret: with a configured JWT_SECRET_KEY (the main backend's), any
   * token it minted would be valid for real users, whatever ENVIRONMENT says.
   */
  get devTokens(): boolean {
    return this.demoPage && this.jwt.secretSource === 'data-dir';
  }
  /** `hybrid`: when the local analyzer is unsure and an LLM is configured, the LLM decides. */
  sentimentMode!: 'local' | 'hybrid';
  /** How long answers in flight may take to finish once shutdown starts. */
  shutdownDrainMs!: number;
  /** Disclaimer, suitability, audit and retention (the user's own data). */
  trust!: {
    disclaimerText: string;
    profileMaxAgeDays: number;
    rolesClaim: string;
    auditRole: string;
    /** 0 keeps conversations forever. */
    retentionDays: number;
    retentionSweepIntervalMs: number;
  };
  /** OpenTelemetry tracing, on when an OTLP endpoint is configured (standard OTEL_* variables). */
  tracing!: TracingSettings;

  /** True when running on the embedded defaults (no database, no Redis, no LLM configured). */
  get embedded(): { database: boolean; cache: boolean; llm: boolean } {
    return {
      database: this.database.kind === 'sqlite',
      cache: this.redis === null,
      llm: this.llm.endpoints.length === 0,
    };
  }
}
