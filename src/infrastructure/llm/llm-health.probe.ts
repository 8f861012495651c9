import type { DependencyProbe, ServiceStatus } from '../../modules/health/dependency-probe';
import type { ResilientLlmClient } from './resilient.llm-client';

const RECENT_MS = 60_000;
const PROBE_CACHE_MS = 30_000;

/** `openai` in /health: the latest real call when recent, else a cached reachability probe. */
export class LlmHealthProbe implements DependencyProbe {
  readonly name = 'openai' as const;
  private cached: { status: ServiceStatus; at: number } | null = null;

  constructor(private readonly client: ResilientLlmClient) {}

  async status(): Promise<ServiceStatus> {
    if (this.client.circuitOpen) return 'unhealthy';
    const p = this.client.primary;
    const now = Date.now();
    if (p.lastOutcome && now - p.lastOutcome.at < RECENT_MS)
      return p.lastOutcome.ok ? 'healthy' : 'unhealthy';
    if (this.cached && now - this.cached.at < PROBE_CACHE_MS) return this.cached.status;
    const status: ServiceStatus = (await p.probe(2000)) ? 'healthy' : 'unhealthy';
    this.cached = { status, at: now };
    return status;
  }
}
