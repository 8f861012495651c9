import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load-config';
import { describeEndpoints, describeStartup } from './startup-report';

const config = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'startup-report-')), ...env });

describe('describeEndpoints', () => {
  it('names the routes that exist: health and metrics outside /api', () => {
    const line = describeEndpoints(config({ PORT: '8081' }));
    expect(line).toContain('http://localhost:8081/health');
    expect(line).toContain('http://localhost:8081/metrics');
    expect(line).toContain('http://localhost:8081/docs');
    expect(line).not.toMatch(/\/api\/(health|metrics)/);
  });

  it('says where the demo page is when it is served, and only then', () => {
    expect(describeEndpoints(config())).toContain('demo page at http://localhost:8081/');
    expect(describeEndpoints(config({ DEMO_PAGE: 'false' }))).not.toContain('demo page');
  });
});

describe('describeStartup', () => {
  const prod = { ENVIRONMENT: 'production', JWT_SECRET_KEY: 'x'.repeat(40) };

  it('warns in production that any origin is accepted without CORS_ORIGINS', () => {
    expect(describeStartup(config(prod)).join('\n')).toMatch(/CORS_ORIGINS not set: any origin/);
  });

  it.each([
    ['production with CORS_ORIGINS', { ...prod, CORS_ORIGINS: 'https://app.example.com' }],
    ['development', {}],
    ['staging with a secret', { ENVIRONMENT: 'staging', JWT_SECRET_KEY: 'x'.repeat(40) }],
  ])('says nothing about origins in %s', (_what, env) => {
    expect(describeStartup(config(env)).join('\n')).not.toMatch(/CORS_ORIGINS/);
  });
});
