export type ServiceStatus = 'healthy' | 'unhealthy' | 'not_configured';

/**
 * A dependency that `/health` reports on (the LLM, the main backend). Implementations cache
 * their answer so a busy health endpoint does not hammer the dependency.
 */
export abstract class DependencyProbe {
  abstract readonly name: 'openai' | 'main_backend';
  abstract status(): Promise<ServiceStatus>;
}

/** Multi-provider token: every DependencyProbe registered by a feature module. */
export const DEPENDENCY_PROBES = 'DEPENDENCY_PROBES';
