/**
 * The deployment files (Dockerfile, docker-compose.yml, nginx.conf, init.sql, deploy/k8s) agree
 * with the application: routes, default port, known environment variables, health endpoints.
 * nginx.conf is also checked by nginx itself (`nginx -t`) and exercised against a small stand-in
 * upstream: streaming without buffering, WebSocket upgrades, forwarded headers, body limit and
 * an access log without query strings.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { AddressInfo, createConnection, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/load-config';
import { requireBinary } from '../support/system-binary';

jest.setTimeout(30_000);

const ROOT = resolve(__dirname, '..', '..');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

/** Every variable the service reads: the properties of EnvironmentVariables. */
const KNOWN_ENV = new Set(
  [...read('src/config/env.schema.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+)\?:/gm)].map((m) => m[1]),
);

const tmpDirs: string[] = [];
const makeTmp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** The application's own default port, as the service computes it with no PORT set. */
const DEFAULT_PORT = loadConfig({ DATA_DIR: makeTmp('deploy-files-config-') }).port;

type Obj = Record<string, any>;

/** A compose `environment` (map or list) as a map. */
function envMap(env: unknown): Record<string, string> {
  if (env === undefined || env === null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((e: string) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, ''] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env as Obj).map(([k, v]) => [k, String(v)]));
}

/**
 * Whether an Ingress path takes a request path, as Kubernetes defines it: Exact compares the
 * whole path; Prefix compares whole `/`-separated elements (`/api` takes `/api/chat`, not
 * `/apix`). Dot segments are resolved first, as the controller normalises them.
 */
function ingressMatches(rule: { path: string; pathType: string }, url: string): boolean {
  const path = new URL(url, 'http://x').pathname;
  if (rule.pathType === 'Exact') return path === rule.path;
  const elements = (p: string): string[] => p.split('/').filter((e) => e !== '');
  const want = elements(rule.path);
  const got = elements(path);
  return want.every((e, i) => got[i] === e);
}

/** A compose healthcheck `test` as one string. */
const healthTest = (svc: Obj): string => {
  const t: unknown = svc.healthcheck?.test;
  return Array.isArray(t) ? t.join(' ') : String(t ?? '');
};

describe('the environment variable list', () => {
  it('is read from env.schema.ts', () => {
    expect(KNOWN_ENV.size).toBeGreaterThan(20);
    for (const v of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET_KEY', 'TRUST_PROXY']) {
      expect(KNOWN_ENV).toContain(v);
    }
    expect(DEFAULT_PORT).toBe(8081);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as Obj;
  const services = compose.services as Record<string, Obj>;

  const always = Object.fromEntries(Object.entries(services).filter(([, svc]) => !svc.profiles));

  it('has the service, Redis, PostgreSQL and nginx, each with a health check', () => {
    expect(Object.keys(always).sort()).toEqual(['chat-service', 'nginx', 'postgres', 'redis']);
    for (const [name, svc] of Object.entries(always)) {
      expect([name, healthTest(svc)]).toEqual([name, expect.stringMatching(/\S/)]);
      expect([name, svc.restart]).toEqual([name, 'unless-stopped']);
    }
    expect(healthTest(services.redis)).toMatch(/redis-cli ping/);
    expect(healthTest(services.postgres)).toMatch(/pg_isready .*-U chat -d chat/);
  });

  it('starts Jaeger only with the tracing profile, its UI on the loopback interface only', () => {
    const jaeger = services.jaeger;
    expect(jaeger.profiles).toEqual(['tracing']);
    expect(jaeger.image).toMatch(/^jaegertracing\/jaeger:\d+\.\d+\.\d+$/);
    expect(jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
    expect((jaeger.command as string[]).join(' ')).toContain('0.0.0.0:4318');
    const env = envMap(services['chat-service'].environment);
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-}');
  });

  it('starts each service after its dependencies are healthy', () => {
    const dependsOn = (name: string): Obj => services[name].depends_on as Obj;
    expect(dependsOn('chat-service')).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(dependsOn('nginx')).toEqual({ 'chat-service': { condition: 'service_healthy' } });
  });

  it('builds the service and checks its readiness on the port it listens on', () => {
    const svc = services['chat-service'];
    expect(svc.build).toBe('.');
    const port = envMap(svc.environment).PORT ?? String(DEFAULT_PORT);
    expect(healthTest(svc)).toMatch(/^CMD node -e /);
    expect(healthTest(svc)).toContain(`http://127.0.0.1:${port}/health/ready`);
    expect(svc.env_file).toEqual([{ path: './.env', required: false }]);
  });

  it('configures the service with variables it knows, pointing at the compose services', () => {
    const env = envMap(services['chat-service'].environment);
    for (const key of Object.keys(env)) expect([key, KNOWN_ENV.has(key)]).toEqual([key, true]);
    expect(env).toMatchObject({
      ENVIRONMENT: 'production',
      DATABASE_URL: 'postgres://chat:chat@postgres:5432/chat',
      REDIS_URL: 'redis://redis:6379/0',
      TRUST_PROXY: '1',
    });
    expect(env.JWT_SECRET_KEY).toMatch(/^\$\{JWT_SECRET_KEY:\?.+\}$/);
    for (const key of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'MAIN_BACKEND_URL']) {
      expect(env[key]).toBe(`\${${key}:-}`);
    }
    // The credentials in DATABASE_URL are the ones the postgres container is created with.
    const pg = envMap(services.postgres.environment);
    const url = new URL(env.DATABASE_URL);
    expect([url.username, url.password, url.hostname, url.pathname]).toEqual([
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      'postgres',
      `/${pg.POSTGRES_DB}`,
    ]);
    expect(new URL(env.REDIS_URL).hostname).toBe('redis');
  });

  it('mounts init.sql into PostgreSQL and keeps its data in a named volume', () => {
    const volumes = services.postgres.volumes as string[];
    expect(volumes).toContain('./init.sql:/docker-entrypoint-initdb.d/init.sql:ro');
    const dataVolume = volumes.find((v) => v.endsWith(':/var/lib/postgresql/data'));
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes as Obj)).toContain(dataVolume!.split(':')[0]);
    expect(services.postgres.image).toBe('postgres:16-alpine');
    expect(services.redis.image).toBe('redis:7-alpine');
  });

  it('publishes port 8081 through nginx only, with nginx.conf mounted', () => {
    expect(services.nginx.image).toBe('nginx:1.27-alpine');
    expect(services.nginx.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(services.nginx.ports).toEqual([`${DEFAULT_PORT}:80`]);
    for (const name of ['chat-service', 'postgres', 'redis']) {
      expect([name, services[name].ports]).toEqual([name, undefined]);
    }
  });
});

describe('deploy/k8s', () => {
  const files = readdirSync(K8S_DIR).filter((f) => f.endsWith('.yaml'));
  const docs: Obj[] = files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(K8S_DIR, f), 'utf8')).map((d) => {
      expect([f, d.errors]).toEqual([f, []]);
      return d.toJS() as Obj;
    }),
  );
  const one = (kind: string): Obj => {
    const found = docs.filter((d) => d.kind === kind);
    expect([kind, found.length]).toEqual([kind, 1]);
    return found[0];
  };
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec as Obj;
  const container = pod.containers[0] as Obj;
  const configMap = one('ConfigMap');
  const secret = one('Secret');
  const service = one('Service');
  const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
  const selects = (selector: Record<string, string>): boolean =>
    Object.entries(selector).every(([k, v]) => podLabels[k] === v);

  it('holds the expected manifests', () => {
    expect(files.sort()).toEqual([
      'configmap.yaml',
      'deployment.yaml',
      'hpa.yaml',
      'ingress.yaml',
      'kustomization.yaml',
      'namespace.yaml',
      'pdb.yaml',
      'secret.example.yaml',
      'service.yaml',
    ]);
    for (const d of docs) {
      expect(d.apiVersion).toEqual(expect.any(String));
      expect(d.kind).toEqual(expect.any(String));
    }
  });

  it('lists every manifest in kustomization.yaml except the secret example', () => {
    const k = one('Kustomization');
    const resources = k.resources as string[];
    for (const r of resources) expect([r, existsSync(join(K8S_DIR, r))]).toEqual([r, true]);
    expect(resources).not.toContain('secret.example.yaml');
    expect([...resources].sort()).toEqual(
      files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort(),
    );
    expect(k.namespace).toBe(one('Namespace').metadata.name);
  });

  it('runs 2 replicas, never fewer during a roll-out', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toMatchObject({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0 },
    });
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
  });

  it('exposes the application default port and probes the health routes', () => {
    expect(container.ports).toEqual([
      { name: 'http', containerPort: DEFAULT_PORT, protocol: 'TCP' },
    ]);
    const probe = (name: string): Obj => container[name].httpGet as Obj;
    expect(probe('livenessProbe').path).toBe('/health/live');
    expect(probe('readinessProbe').path).toBe('/health/ready');
    expect(probe('startupProbe').path).toBe('/health/live');
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      expect([p, probe(p).port]).toEqual([p, 'http']);
    }
    expect(container.startupProbe).toMatchObject({ failureThreshold: 30, periodSeconds: 2 });
  });

  it('gives the process time to finish after the preStop delay', () => {
    const preStop = container.lifecycle.preStop as Obj;
    let delayS: number;
    if (preStop.sleep) {
      delayS = Number(preStop.sleep.seconds);
    } else {
      const cmd = (preStop.exec.command as string[]).join(' ');
      const sleep = /(?:^|\/)sleep (\d+)$/.exec(cmd);
      const timeout = /setTimeout\([^,]+,\s*(\d+)\)/.exec(cmd);
      delayS = sleep ? Number(sleep[1]) : timeout ? Number(timeout[1]) / 1000 : NaN;
    }
    expect(delayS).toBe(10);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(delayS);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
  });

  it('runs as the non-root node user on a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const mounts = Object.fromEntries(
      (container.volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]),
    );
    const emptyDirs = (pod.volumes as Obj[]).filter((v) => v.emptyDir).map((v) => v.name);
    for (const path of ['/app/data', '/tmp']) expect(emptyDirs).toContain(mounts[path]);
    expect(configMap.data.DATA_DIR).toBe('/app/data');
  });

  it('requests resources and spreads the pods over nodes', () => {
    expect(container.resources).toMatchObject({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { memory: '512Mi' },
    });
    const term = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
      .podAffinityTerm as Obj;
    expect(term.topologyKey).toBe('kubernetes.io/hostname');
    expect(selects(term.labelSelector.matchLabels)).toBe(true);
  });

  it('takes its environment from the ConfigMap and the Secret, with variables the app knows', () => {
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      { secretRef: { name: secret.metadata.name } },
    ]);
    const configKeys = Object.keys(configMap.data as Obj);
    const secretKeys = Object.keys(secret.stringData as Obj);
    for (const key of [...configKeys, ...secretKeys]) {
      expect([key, KNOWN_ENV.has(key)]).toEqual([key, true]);
    }
    for (const [key, value] of Object.entries(configMap.data as Obj)) {
      expect([key, typeof value]).toEqual([key, 'string']);
    }
    expect(secretKeys.sort()).toEqual([
      'DATABASE_URL',
      'JWT_SECRET_KEY',
      'OPENAI_API_KEY',
      'REDIS_URL',
    ]);
    expect(configKeys.filter((k) => secretKeys.includes(k))).toEqual([]);
    expect(configMap.data).toMatchObject({
      ENVIRONMENT: 'production',
      PORT: String(DEFAULT_PORT),
    });
  });

  it('routes the Service, Ingress, HPA and PDB to the Deployment', () => {
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 'http' })]);
    expect(service.spec.sessionAffinity).toBe('ClientIP');
    expect(selects(service.spec.selector)).toBe(true);

    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 10]);
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);

    const pdb = one('PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);

    const ingress = one('Ingress');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    const backends = (ingress.spec.rules as Obj[]).flatMap((r) =>
      (r.http.paths as Obj[]).map((p) => p.backend.service as Obj),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const b of backends) {
      expect(b.name).toBe(service.metadata.name);
      expect(b.port).toEqual({ name: 'http' });
    }
    expect(ingress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-body-size': '64k',
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
    });
  });

  it('routes the public paths through the Ingress and keeps /metrics internal', () => {
    const ingress = one('Ingress');
    expect(ingress.spec.defaultBackend).toBeUndefined();
    const paths = (ingress.spec.rules as Obj[]).flatMap((r) => r.http.paths as Obj[]);
    for (const p of paths)
      expect([p.path, p.pathType]).toEqual([p.path, expect.stringMatching(/^(Exact|Prefix)$/)]);
    const routed = (url: string): boolean =>
      paths.some((p) => ingressMatches(p as { path: string; pathType: string }, url));
    for (const url of [
      '/api/chat/message',
      '/api/chat/message/stream',
      '/api/chat/history/u1',
      '/socket.io/',
      '/ws/chat/u1',
      '/health',
      '/docs',
      '/docs/swagger-ui.css',
      '/docs-json',
      '/',
      '/demo/app.js',
      '/demo/chat-sdk.js',
    ]) {
      expect([url, routed(url)]).toEqual([url, true]);
    }
    for (const url of ['/metrics', '/metrics/', '/health/../metrics']) {
      expect([url, routed(url)]).toEqual([url, false]);
    }
  });
});

describe('Dockerfile', () => {
  /** Instructions with continuation lines joined and comments dropped. */
  const instructions = read('Dockerfile')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(\S+)\s*(.*)$/.exec(l)!;
      return { op: m[1].toUpperCase(), args: m[2] };
    });
  const firstFrom = instructions.findIndex((i) => i.op === 'FROM');
  const globalArgs = Object.fromEntries(
    instructions
      .slice(0, firstFrom)
      .filter((i) => i.op === 'ARG')
      .map((i) => i.args.split('=') as [string, string]),
  );
  const stages: (typeof instructions)[] = [];
  for (const i of instructions.slice(firstFrom)) {
    if (i.op === 'FROM') stages.push([]);
    stages[stages.length - 1].push(i);
  }
  const final = stages[stages.length - 1];
  const all = (stage: typeof instructions, op: string): string[] =>
    stage.filter((i) => i.op === op).map((i) => i.args);
  const last = (op: string): string => all(final, op).at(-1) ?? '';
  const image = (from: string): string =>
    from.split(/\s+/)[0].replace(/^\$\{?(\w+)\}?$/, (_, name: string) => globalArgs[name] ?? '');

  it('builds in one stage and runs on node:22-bookworm-slim in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.slice(0, -1).flatMap((s) => all(s, 'RUN'));
    expect(build.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(build.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    expect(build.some((r) => /npm prune --omit=dev|npm ci --omit=dev/.test(r))).toBe(true);
    const runtimeImage = image(final[0].args);
    expect(runtimeImage).toBe('node:22-bookworm-slim');
    expect(Number(/^node:(\d+)/.exec(runtimeImage)?.[1])).toBeGreaterThanOrEqual(22);
    // No compilers in the runtime stage.
    expect(all(final, 'RUN').join(' ')).not.toMatch(/apt-get install|g\+\+|npm (ci|install)/);
  });

  it('copies the client SDK into the build stage before `npm run build` bundles it', () => {
    const build = stages.slice(0, -1).flat();
    const copied = build.findIndex((i) => i.op === 'COPY' && /^clients\/js\s/.test(i.args));
    const built = build.findIndex((i) => i.op === 'RUN' && /\bnpm run build\b/.test(i.args));
    expect(copied).toBeGreaterThanOrEqual(0);
    expect(copied).toBeLessThan(built);
    // The bundle lands in dist/assets, which the runtime stage copies with the rest of dist.
    expect(all(final, 'COPY')).toContain('--from=build /app/dist ./dist');
    expect(read('package.json')).toMatch(/"build": "[^"]*node dist\/cli\/build-sdk-bundle\.js/);
  });

  it('runs as a non-root user with the production environment', () => {
    const user = last('USER');
    expect(user).toBe('node');
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const env = all(final, 'ENV').join(' ');
    for (const kv of [
      'NODE_ENV=production',
      'ENVIRONMENT=production',
      `PORT=${DEFAULT_PORT}`,
      'DATA_DIR=/app/data',
    ]) {
      expect(env).toContain(kv);
    }
    expect(all(final, 'RUN').join(' ')).toMatch(/chown node:node \/app\/data/);
    expect(last('EXPOSE')).toBe(String(DEFAULT_PORT));
  });

  it('checks liveness with node and starts node directly on SIGTERM-friendly terms', () => {
    const hc = last('HEALTHCHECK');
    expect(hc).toContain('/health/live');
    expect(hc).toMatch(/CMD \["node", "-e"/);
    expect(last('STOPSIGNAL')).toBe('SIGTERM');
    const cmd = JSON.parse(last('CMD')) as string[];
    expect(cmd).toEqual(['node', 'dist/main.js']);
    expect(last('ENTRYPOINT')).toBe('');
  });

  it('has a .dockerignore that keeps local state and secrets out of the build', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const p of [
      'node_modules',
      'dist',
      'data',
      '.git',
      'test-output',
      'coverage',
      '*.log',
      '.env',
    ]) {
      expect(ignored).toContain(p);
    }
  });
});

describe('init.sql', () => {
  const sql = read('init.sql');
  const statements = sql.replace(/--.*$/gm, '');

  it('sets UTC and grants, and leaves the tables to the migrations', () => {
    expect(statements).toMatch(/ALTER DATABASE chat SET timezone TO 'UTC';/);
    expect(statements).toMatch(/GRANT /);
    expect(statements).not.toMatch(/CREATE\s+TABLE/i);
    expect(sql).toMatch(/migrations/);
  });
});

describe('nginx.conf', () => {
  const conf = read('nginx.conf');
  /** The body of the first block opened by `header {`. */
  const block = (header: string): string => {
    const start = conf.indexOf(`${header} {`);
    expect([header, start]).not.toEqual([header, -1]);
    let depth = 0;
    for (let i = conf.indexOf('{', start); i < conf.length; i++) {
      if (conf[i] === '{') depth++;
      if (conf[i] === '}' && --depth === 0) return conf.slice(start, i + 1);
    }
    throw new Error(`unbalanced block ${header}`);
  };

  it('is a main configuration that proxies to the service on its default port', () => {
    expect(conf).toMatch(/^events \{/m);
    expect(conf).toMatch(/^http \{/m);
    expect(block('upstream chat_service')).toMatch(
      new RegExp(`^\\s*server chat-service:${DEFAULT_PORT};`, 'm'),
    );
    expect(block('upstream chat_service')).toMatch(/# ip_hash;/);
    expect(conf).toMatch(/client_max_body_size 64k;/);
    expect(conf).toMatch(/gzip_types [^;]*application\/json/);
  });

  it('upgrades WebSockets on /socket.io/ and /ws/', () => {
    expect(block('map $http_upgrade $connection_upgrade')).toMatch(/default\s+upgrade;/);
    for (const loc of ['location /socket.io/', 'location /ws/']) {
      const b = block(loc);
      expect(b).toMatch(/proxy_http_version 1\.1;/);
      expect(b).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
      expect(b).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
      expect(b).toMatch(/proxy_read_timeout 3600s;/);
    }
  });

  it('streams Server-Sent Events without buffering', () => {
    const b = block('location = /api/chat/message/stream');
    expect(b).toMatch(/proxy_buffering off;/);
    expect(b).toMatch(/proxy_cache off;/);
    expect(b).toMatch(/proxy_read_timeout 300s;/);
    expect(b).toMatch(/proxy_http_version 1\.1;/);
    expect(b).toMatch(/proxy_set_header Connection "";/);
  });

  it('forwards the client address, scheme and a request id on every proxied location', () => {
    const locations = conf.match(/location [^{]+\{/g)!.map((l) => l.slice(0, -2));
    const proxied = locations.filter((l) => /proxy_pass/.test(block(l)));
    expect(proxied.length).toBeGreaterThanOrEqual(4);
    for (const l of proxied) {
      const b = block(l);
      for (const h of [
        'X-Forwarded-For $proxy_add_x_forwarded_for',
        'X-Forwarded-Proto $scheme',
        'X-Real-IP $remote_addr',
        'X-Request-Id $request_id',
      ]) {
        expect([l, b.includes(`proxy_set_header ${h};`)]).toEqual([l, true]);
      }
    }
  });

  it('logs JSON without query strings', () => {
    const format = /log_format chat_json escape=json([^;]+);/.exec(conf)?.[1];
    expect(format).toBeDefined();
    expect(format).toContain('$uri');
    expect(format).not.toMatch(/\$request_uri|\$request[^_]|\$args|\$query_string|\$http_referer/);
    expect(conf).toMatch(/access_log \S+ chat_json;/);
  });
});

// ---------------------------------------------------------------------------------------------
// nginx itself: the syntax check and a run against a stand-in upstream.
// ---------------------------------------------------------------------------------------------

const nginx = requireBinary({
  label: 'nginx',
  candidates: ['nginx', '/usr/sbin/nginx'],
  install: 'apt-get install -y --no-install-recommends nginx-light',
});

/** nginx.conf with the compose host names replaced, so it loads without the compose network. */
function localConf(upstreamPort: number, listen?: string): string {
  let conf = read('nginx.conf').replace(
    /server chat-service:\d+;/,
    `server 127.0.0.1:${upstreamPort};`,
  );
  if (listen) conf = conf.replace(/listen 80 default_server;/, `listen ${listen} default_server;`);
  return conf;
}

async function freePort(): Promise<number> {
  const srv = createTcpServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  path: string,
  opts: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolveRequest, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveRequest({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('latin1'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

nginx.describe('nginx', () => {
  it('is installed (the CI installs nginx-light)', () => {
    expect(nginx.path()).toMatch(/nginx$/);
  });

  it('accepts nginx.conf (nginx -t)', () => {
    const nginxBin = nginx.path();
    const dir = makeTmp('nginx-t-');
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, localConf(DEFAULT_PORT));
    // Files, not pipes, for its output: nginx reopens /dev/stderr by name, which fails on the
    // socket pairs that Node.js gives a child process.
    const outFile = join(dir, 'output.log');
    const fd = openSync(outFile, 'a');
    const r = spawnSync(nginxBin, ['-t', '-c', file, '-p', `${dir}/`], {
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    expect({ status: r.status, output: readFileSync(outFile, 'utf8') }).toEqual({
      status: 0,
      output: expect.stringContaining('test is successful'),
    });
  });

  describe('in front of a stand-in upstream', () => {
    const TOKEN = 'secret-token-value';
    let upstream: http.Server;
    let wss: WebSocketServer;
    let proc: ChildProcess | null = null;
    let port = 0;
    let accessLogFile = '';
    const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
    let secondChunkAt = 0;

    beforeAll(async () => {
      const nginxBin = nginx.path();
      upstream = http.createServer((req, res) => {
        seen.push({ url: req.url ?? '', headers: req.headers });
        req.resume();
        if (req.url === '/api/chat/message/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.write('event: message_chunk\ndata: {"delta":"Hola"}\n\n');
          setTimeout(() => {
            secondChunkAt = Date.now();
            res.end('event: message\ndata: {"finish_reason":"stop"}\n\n');
          }, 700);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url, padding: 'x'.repeat(4000) }));
      });
      wss = new WebSocketServer({ noServer: true });
      upstream.on('upgrade', (req, socket, head) => {
        seen.push({ url: req.url ?? '', headers: req.headers });
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('message', (m: Buffer) => ws.send(`echo:${m.toString()}`));
        });
      });
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      const upstreamPort = (upstream.address() as AddressInfo).port;

      port = await freePort();
      const dir = makeTmp('nginx-run-');
      const file = join(dir, 'nginx.conf');
      writeFileSync(file, localConf(upstreamPort, `127.0.0.1:${port}`));
      // Files for its output, as for nginx -t; the access log goes to stdout.
      accessLogFile = join(dir, 'stdout.log');
      const errorLogFile = join(dir, 'stderr.log');
      const out = openSync(accessLogFile, 'a');
      const err = openSync(errorLogFile, 'a');
      proc = spawn(
        nginxBin,
        ['-c', file, '-p', `${dir}/`, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
        { stdio: ['ignore', out, err] },
      );
      closeSync(out);
      closeSync(err);
      await waitForPort(port, 10_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${readFileSync(errorLogFile, 'utf8')}`);
      });
    });

    afterAll(async () => {
      if (proc && proc.exitCode === null) {
        const exited = new Promise((r) => proc!.once('exit', r));
        proc.kill('SIGQUIT');
        await exited;
      }
      wss?.close();
      upstream?.closeAllConnections();
      await new Promise((r) => (upstream ? upstream.close(r) : r(undefined)));
    });

    it('forwards the client address, scheme and a request id', async () => {
      const r = await request(port, '/api/chat/history/u1', {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(r.status).toBe(200);
      const got = seen.find((s) => s.url === '/api/chat/history/u1')!;
      expect(got.headers).toMatchObject({
        'x-forwarded-for': '203.0.113.7, 127.0.0.1',
        'x-real-ip': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-request-id': expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    });

    it('compresses JSON for clients that accept gzip', async () => {
      const r = await request(port, '/health', { headers: { 'accept-encoding': 'gzip' } });
      expect(r.headers['content-encoding']).toBe('gzip');
    });

    it('passes each Server-Sent Event on at once', async () => {
      const firstChunkAt = await new Promise<number>((resolveChunk, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/chat/message/stream',
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          },
          (res) => {
            res.once('data', () => resolveChunk(Date.now()));
            res.resume();
          },
        );
        req.on('error', reject);
        req.end('{"message":"hola"}');
      });
      await new Promise((r) => setTimeout(r, 800));
      expect(secondChunkAt).toBeGreaterThan(0);
      expect(firstChunkAt).toBeLessThan(secondChunkAt);
    });

    it.each(['/ws/chat/u1', '/socket.io/'])('upgrades %s to a WebSocket', async (path) => {
      const query =
        path === '/socket.io/' ? `?EIO=4&transport=websocket&token=${TOKEN}` : `?token=${TOKEN}`;
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}${query}`);
      const reply = await new Promise<string>((resolveReply, reject) => {
        ws.on('open', () => ws.send('hola'));
        ws.on('message', (m: Buffer) => resolveReply(m.toString()));
        ws.on('error', reject);
      });
      ws.close();
      expect(reply).toBe('echo:hola');
      const got = seen.find((s) => s.url.startsWith(path) && s.headers.upgrade)!;
      expect(got.headers.upgrade).toBe('websocket');
      expect(got.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('refuses bodies over 64 kB before they reach the service', async () => {
      const before = seen.length;
      const r = await request(port, '/api/chat/message', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x'.repeat(70 * 1024) }),
      });
      expect(r.status).toBe(413);
      expect(seen.length).toBe(before);
    });

    it('keeps /metrics internal', async () => {
      const before = seen.length;
      expect((await request(port, '/metrics')).status).toBe(404);
      expect(seen.length).toBe(before);
    });

    it('writes one JSON access log line per request, without the query string', async () => {
      await request(port, `/api/chat/history/u1?token=${TOKEN}`);
      await new Promise((r) => setTimeout(r, 200));
      const accessLog = readFileSync(accessLogFile, 'utf8');
      const lines = accessLog.trim().split('\n');
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries.map((e) => e.uri)).toEqual(
        expect.arrayContaining(['/ws/chat/u1', '/socket.io/', '/api/chat/message/stream']),
      );
      expect(entries.find((e) => e.uri === '/metrics')).toMatchObject({ status: 404 });
      expect(accessLog).not.toContain(TOKEN);
      expect(accessLog).not.toContain('token=');
    });
  });
});
