export type ServiceStatus = 'healthy' | 'unhealthy' | 'not_configured';

/**
 * A dependency that `/health` reports on (the LLM, the main backend). Implementations cache
 * their answer so a busy health endpoint does not hammer the dependency.
 */
export interface DependencyProbe {
  readonly name: 'openai' | 'main_backend';
  status(): Promise<ServiceStatus>;
}
