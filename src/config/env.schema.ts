import { Transform } from 'class-transformer';
import {
  IsBooleanString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

const URL_OPTS = { require_tld: false, require_protocol: true } as const;

/**
 * Every environment variable the service reads. Validation failures stop start-up with a
 * message naming the variable (see load-config.ts).
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test', 'staging'])
  ENVIRONMENT?: string;

  @IsOptional()
  @IsIn(['true', 'false', '1', '0'])
  DEBUG?: string;

  @IsOptional()
  @IsIn([
    'trace',
    'debug',
    'info',
    'warn',
    'warning',
    'error',
    'fatal',
    'silent',
    'TRACE',
    'DEBUG',
    'INFO',
    'WARN',
    'WARNING',
    'ERROR',
    'FATAL',
    'SILENT',
  ])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  DB_MIGRATIONS_RUN?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OPENAI_API_KEY?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OPENAI_MODEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  OPENAI_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  OPENAI_MAX_RETRIES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(16)
  @Max(32000)
  OPENAI_MAX_TOKENS?: number;

  @IsOptional()
  @IsString()
  JWT_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  JWT_AUDIENCE?: string;

  @IsOptional()
  @Matches(/^\s*(HS256|HS384|HS512)(\s*,\s*(HS256|HS384|HS512))*\s*$/, {
    message: 'must be a comma-separated list of HS256, HS384, HS512',
  })
  JWT_ALGORITHMS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  JWT_CLOCK_TOLERANCE_S?: number;

  @IsOptional()
  @IsUrl(URL_OPTS)
  MAIN_BACKEND_URL?: string;

  @IsOptional()
  @Matches(/^\/.*\{user_id\}/, { message: 'must be a path starting with / containing {user_id}' })
  MAIN_BACKEND_PROFILE_PATH?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(30000)
  MAIN_BACKEND_TIMEOUT_MS?: number;

  @IsOptional()
  @Matches(/^\//, { message: 'must be a path starting with /' })
  MAIN_BACKEND_MARKET_PATH?: string;

  @IsOptional()
  @Matches(/^\/.*\{user_id\}/, { message: 'must be a path starting with / containing {user_id}' })
  MAIN_BACKEND_PORTFOLIO_PATH?: string;

  @IsOptional()
  @Matches(/^\s*(none|[a-z0-9]+(\s*,\s*[a-z0-9]+)*)\s*$/, {
    message:
      'must be none or a comma-separated list of dolarapi, argentinadatos, bcra, data912, backend',
  })
  MARKET_SOURCES?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  DOLARAPI_URL?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  ARGENTINADATOS_URL?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  BCRA_API_URL?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  DATA912_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(30000)
  MARKET_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  MARKET_LIVE_TTL_S?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  MARKET_SERIES_TTL_S?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  LLM_MAX_TOOL_ROUNDS?: number;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Matches(/^(true|false|\d+)$/, { message: 'must be true, false or a hop count' })
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_CHAT_PER_MIN?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_HISTORY_PER_MIN?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  RATE_LIMIT_GENERAL_PER_MIN?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  RATE_LIMIT_HANDSHAKES_PER_MIN?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_SOCKETS_PER_USER?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_DRAIN_MS?: number;

  @IsOptional()
  @IsIn(['offline', 'none'])
  LLM_FALLBACK?: string;

  @IsOptional()
  @IsIn(['local', 'hybrid'])
  SENTIMENT_MODE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LLM_BREAKER_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3600000)
  LLM_BREAKER_RESET_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(604800)
  CACHE_TTL_S?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  DEMO_PAGE?: string;

  @IsOptional()
  @IsBooleanString()
  LOG_PRETTY?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  DISCLAIMER_TEXT?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  PROFILE_MAX_AGE_DAYS?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:/-]{1,100}$/, { message: 'must be a claim name' })
  JWT_ROLES_CLAIM?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'must be a role name without spaces' })
  AUDIT_ROLE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86400000)
  RETENTION_SWEEP_INTERVAL_MS?: number;

  // Tracing: the standard OpenTelemetry variables (read by the SDK too; see tracing-settings.ts).
  @IsOptional()
  @IsUrl(URL_OPTS)
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsUrl(URL_OPTS)
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsOptional()
  @IsIn(['http/protobuf', 'http/json'])
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @IsIn(['http/protobuf', 'http/json'])
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: string;

  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;

  // A second model tried when the primary fails before its first token (see the contract §4).
  @IsOptional()
  @IsUrl(URL_OPTS)
  OPENAI_FALLBACK_BASE_URL?: string;

  @IsOptional()
  @IsString()
  OPENAI_FALLBACK_API_KEY?: string;

  @IsOptional()
  @IsString()
  OPENAI_FALLBACK_MODEL?: string;

  @IsOptional()
  @IsIn(['openai', 'azure'])
  LLM_FALLBACK_PROVIDER?: string;

  // Azure OpenAI through the SDK's Azure client: primary when OPENAI_API_KEY is unset.
  @IsOptional()
  @IsUrl(URL_OPTS)
  AZURE_OPENAI_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  AZURE_OPENAI_API_KEY?: string;

  @IsOptional()
  @IsString()
  AZURE_OPENAI_DEPLOYMENT?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(-preview)?$/, { message: 'must look like 2024-10-21' })
  AZURE_OPENAI_API_VERSION?: string;

  /** Tokens per user per UTC day; 0 = no quota. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  QUOTA_TOKENS_PER_DAY?: number;
}
