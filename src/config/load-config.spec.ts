import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const tmp = () => mkdtempSync(join(tmpdir(), 'cfg-'));
const SECRET = 's'.repeat(40);

describe('loadConfig', () => {
  it('runs on embedded defaults with no configuration at all', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(8081);
    expect(c.database).toEqual({
      kind: 'sqlite',
      file: join(dir, 'chat.sqlite'),
      migrationsRun: true,
    });
    expect(c.redis).toBeNull();
    expect(c.llm.apiKey).toBeNull();
    expect(c.llm.model).toBe('gpt-4-turbo');
    expect(c.embedded).toEqual({ database: true, cache: true, llm: true });
    expect(c.rateLimits).toEqual({
      chatPerMin: 20,
      historyPerMin: 10,
      generalPerMin: 100,
      handshakesPerMin: 60,
      maxSocketsPerUser: 10,
    });
    expect(c.jwt.algorithms).toEqual(['HS256']);
    expect(c.jwt.clockToleranceS).toBe(30);
  });

  it('generates one development secret, keeps it in DATA_DIR and reuses it', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.jwt.secretSource).toBe('data-dir');
    expect(a.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(b.jwt.secret).toBe(a.jwt.secret);
    const file = join(dir, 'jwt-secret.dev');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(a.jwt.secret);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses to start in production without JWT_SECRET_KEY', () => {
    expect(() => loadConfig({ ENVIRONMENT: 'production', DATA_DIR: tmp() })).toThrow(
      /JWT_SECRET_KEY/,
    );
  });

  it('refuses a secret shorter than 32 bytes in production', () => {
    expect(() => loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: 'short' })).toThrow(
      /JWT_SECRET_KEY: must be at least 32 bytes/,
    );
  });

  it('accepts a long secret in production and turns the demo page off', () => {
    const c = loadConfig({ ENVIRONMENT: 'production', JWT_SECRET_KEY: SECRET });
    expect(c.isProduction).toBe(true);
    expect(c.demoPage).toBe(false);
    expect(c.jwt.secretSource).toBe('env');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['OPENAI_BASE_URL', 'not a url'],
    ['JWT_ALGORITHMS', 'HS256,none'],
    ['JWT_ALGORITHMS', 'RS256'],
    ['RATE_LIMIT_CHAT_PER_MIN', '0'],
    ['TRUST_PROXY', 'maybe'],
    ['ENVIRONMENT', 'prod'],
    ['DB_MIGRATIONS_RUN', 'nope'],
    ['MAIN_BACKEND_PROFILE_PATH', 'users/profile'],
  ])('stops start-up naming %s when it is %p', (name, value) => {
    const run = () => loadConfig({ DATA_DIR: tmp(), [name]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`${name}:`));
  });

  it('parses the configured values', () => {
    const c = loadConfig({
      JWT_SECRET_KEY: SECRET,
      PORT: '9000',
      DATABASE_URL: 'postgres://u@h/db',
      REDIS_URL: 'redis://localhost:6379/2',
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1',
      JWT_ALGORITHMS: 'HS256, HS512',
      TRUST_PROXY: '1',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      RATE_LIMIT_HISTORY_PER_MIN: '7',
      MAIN_BACKEND_URL: 'http://backend:8080/',
      DB_MIGRATIONS_RUN: 'false',
    });
    expect(c.port).toBe(9000);
    expect(c.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
      migrationsRun: false,
    });
    expect(c.redis?.url).toBe('redis://localhost:6379/2');
    expect(c.embedded).toEqual({ database: false, cache: false, llm: false });
    expect(c.jwt.algorithms).toEqual(['HS256', 'HS512']);
    expect(c.trustProxy).toBe(1);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.rateLimits.historyPerMin).toBe(7);
    expect(c.mainBackend.url).toBe('http://backend:8080');
  });

  it('treats empty variables as unset', () => {
    const c = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: '', REDIS_URL: '' });
    expect(c.database.kind).toBe('sqlite');
    expect(c.redis).toBeNull();
  });
});
