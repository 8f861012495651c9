import type { MarketSourceId } from './market.types';

export interface SourceStatus {
  status: 'healthy' | 'unhealthy' | 'unknown';
  circuit: 'closed' | 'open' | 'half_open';
  last_success_at: string | null;
  last_failure_at: string | null;
  /** The last failure's kind and short reason (`shape: unexpected shape at 0.venta`). */
  last_error: string | null;
}

/** What each source did last, for `/health` detail. */
export class SourceHealth {
  private readonly statuses = new Map<MarketSourceId, SourceStatus>();

  constructor(ids: MarketSourceId[]) {
    for (const id of ids) {
      this.statuses.set(id, {
        status: 'unknown',
        circuit: 'closed',
        last_success_at: null,
        last_failure_at: null,
        last_error: null,
      });
    }
  }

  succeeded(id: MarketSourceId): void {
    const s = this.statuses.get(id);
    if (!s) return;
    s.status = 'healthy';
    s.last_success_at = new Date().toISOString();
  }

  failed(id: MarketSourceId, error: string): void {
    const s = this.statuses.get(id);
    if (!s) return;
    s.status = 'unhealthy';
    s.last_failure_at = new Date().toISOString();
    s.last_error = error;
  }

  circuit(id: MarketSourceId, state: SourceStatus['circuit']): void {
    const s = this.statuses.get(id);
    if (s) s.circuit = state;
  }

  snapshot(): Record<string, SourceStatus> {
    return Object.fromEntries([...this.statuses].map(([id, s]) => [id, { ...s }]));
  }
}
