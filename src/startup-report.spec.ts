import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load-config';
import { describeEndpoints } from './startup-report';

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
