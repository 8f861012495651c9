import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { HotCache } from '../../infrastructure/cache/hot-cache';
import { DependencyProbe, ServiceStatus } from './dependency-probe';

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  version: string;
  services: Record<'redis' | 'database' | 'openai' | 'main_backend', ServiceStatus>;
  /** Which embedded defaults are in use (no database, Redis or LLM configured). */
  mode: {
    database: 'postgres' | 'embedded-sqlite';
    cache: 'redis' | 'in-process';
    llm: 'openai' | 'azure-openai' | 'offline-assistant';
  };
  /** Per-part detail registered by feature modules (e.g. `market_sources`). */
  detail?: Record<string, unknown>;
}

const withTimeout = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

@Injectable()
export class HealthService {
  private probes: DependencyProbe[] = [];
  private readonly details = new Map<string, () => unknown>();

  constructor(
    private readonly config: AppConfig,
    private readonly cache: HotCache,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Called by the module that owns a configured dependency (health imports no feature). */
  registerProbe(probe: DependencyProbe): void {
    this.probes = [...this.probes.filter((p) => p.name !== probe.name), probe];
  }

  /** Adds a section to the report's `detail` (cheap and synchronous: no call to the part). */
  registerDetail(name: string, detail: () => unknown): void {
    this.details.set(name, detail);
  }

  async databaseAlive(timeoutMs = 1500): Promise<boolean> {
    const ping = this.ds
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    return withTimeout(ping, timeoutMs, false);
  }

  private async probe(name: 'openai' | 'main_backend'): Promise<ServiceStatus> {
    const p = this.probes.find((x) => x.name === name);
    if (!p) {
      if (name === 'openai')
        return this.config.llm.endpoints.length > 0 ? 'healthy' : 'not_configured';
      return this.config.mainBackend.url ? 'healthy' : 'not_configured';
    }
    return withTimeout(
      p.status().catch((): ServiceStatus => 'unhealthy'),
      2500,
      'unhealthy',
    );
  }

  async report(): Promise<HealthReport> {
    const [database, redis, openai, main_backend] = await Promise.all([
      this.databaseAlive().then((ok): ServiceStatus => (ok ? 'healthy' : 'unhealthy')),
      this.cache.kind === 'redis'
        ? withTimeout(this.cache.ping(), 1500, false).then((ok): ServiceStatus =>
            ok ? 'healthy' : 'unhealthy',
          )
        : Promise.resolve<ServiceStatus>('not_configured'),
      this.probe('openai'),
      this.probe('main_backend'),
    ]);
    const services = { redis, database, openai, main_backend };
    const status =
      database === 'unhealthy'
        ? 'unhealthy'
        : [redis, openai, main_backend].includes('unhealthy')
          ? 'degraded'
          : 'healthy';
    const embedded = this.config.embedded;
    return {
      status,
      timestamp: new Date().toISOString(),
      version: this.config.version,
      services,
      mode: {
        database: embedded.database ? 'embedded-sqlite' : 'postgres',
        cache: embedded.cache ? 'in-process' : 'redis',
        llm: embedded.llm
          ? 'offline-assistant'
          : this.config.llm.endpoints[0].kind === 'azure'
            ? 'azure-openai'
            : 'openai',
      },
      ...(this.details.size > 0
        ? { detail: Object.fromEntries([...this.details].map(([k, f]) => [k, f()])) }
        : {}),
    };
  }
}
