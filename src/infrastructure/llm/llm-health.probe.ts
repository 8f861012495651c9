import type { DependencyProbe, ServiceStatus } from '../../modules/health/dependency-probe';
import type { FailoverLlmClient, LlmRoute } from './failover.llm-client';

const RECENT_MS = 60_000;
const PROBE_CACHE_MS = 30_000;

export interface LlmEndpointHealth {
  name: string;
  provider: string;
  model: string;
  circuit: 'open' | 'closed';
  last_call: 'ok' | 'failed' | null;
}

/**
 * `openai` in /health: healthy while some configured endpoint can answer (the primary, else the
 * fallback). Each endpoint: its open circuit, else its latest real call when recent, else a
 * cached reachability probe.
 */
export class LlmHealthProbe implements DependencyProbe {
  readonly name = 'openai' as const;
  private readonly cached = new Map<LlmRoute, { status: ServiceStatus; at: number }>();

  constructor(private readonly client: FailoverLlmClient) {}

  async status(): Promise<ServiceStatus> {
    for (const route of this.client.routes) {
      if ((await this.routeStatus(route)) === 'healthy') return 'healthy';
    }
    return 'unhealthy';
  }

  /** What /health's `detail.llm` lists: every endpoint in the order it is tried. */
  endpoints(): LlmEndpointHealth[] {
    return this.client.routes.map((r) => ({
      name: r.client.name,
      provider: r.client.provider,
      model: r.client.model,
      circuit: r.circuitOpen ? 'open' : 'closed',
      last_call: r.client.lastOutcome ? (r.client.lastOutcome.ok ? 'ok' : 'failed') : null,
    }));
  }

  private async routeStatus(route: LlmRoute): Promise<ServiceStatus> {
    if (route.circuitOpen) return 'unhealthy';
    const c = route.client;
    const now = Date.now();
    if (c.lastOutcome && now - c.lastOutcome.at < RECENT_MS)
      return c.lastOutcome.ok ? 'healthy' : 'unhealthy';
    const cached = this.cached.get(route);
    if (cached && now - cached.at < PROBE_CACHE_MS) return cached.status;
    const status: ServiceStatus = (await c.probe(2000)) ? 'healthy' : 'unhealthy';
    this.cached.set(route, { status, at: now });
    return status;
  }
}
