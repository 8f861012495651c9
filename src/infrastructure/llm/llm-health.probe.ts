import { DependencyProbe, ServiceStatus } from '../../modules/health/dependency-probe';
import { LlmProvider } from './llm-provider';
import { ResilientLlmProvider } from './resilient.llm-provider';

const RECENT_MS = 60_000;
const PROBE_CACHE_MS = 30_000;

/** `openai` in /health: the latest real call when recent, else a cached reachability probe. */
export class LlmHealthProbe extends DependencyProbe {
  readonly name = 'openai' as const;
  private cached: { status: ServiceStatus; at: number } | null = null;

  constructor(private readonly provider: LlmProvider) {
    super();
  }

  async status(): Promise<ServiceStatus> {
    if (!(this.provider instanceof ResilientLlmProvider)) return 'not_configured';
    if (this.provider.circuitOpen) return 'unhealthy';
    const p = this.provider.primary;
    const now = Date.now();
    if (p.lastOutcome && now - p.lastOutcome.at < RECENT_MS)
      return p.lastOutcome.ok ? 'healthy' : 'unhealthy';
    if (this.cached && now - this.cached.at < PROBE_CACHE_MS) return this.cached.status;
    const status: ServiceStatus = (await p.probe(2000)) ? 'healthy' : 'unhealthy';
    this.cached = { status, at: now };
    return status;
  }
}
