import { AppConfig } from './config/app-config';

/** Warnings the start-up log prints when a part runs on an embedded default. */
export function describeStartup(config: AppConfig): string[] {
  const lines: string[] = [];
  const e = config.embedded;
  if (e.database)
    lines.push(
      `DATABASE_URL not set: using the embedded SQLite database at ${config.database.kind === 'sqlite' ? config.database.file : ''}`,
    );
  if (e.cache)
    lines.push(
      'REDIS_URL not set: using an in-process cache (single instance only; rate limits are per process)',
    );
  if (e.llm) lines.push('OPENAI_API_KEY not set: answering with the built-in offline assistant');
  if (config.jwt.secretSource === 'data-dir') {
    lines.push(
      `JWT_SECRET_KEY not set: using a development secret kept in ${config.dataDir} (mint tokens with "npm run token -- <user_id>")`,
    );
  }
  if (!config.mainBackend.url)
    lines.push('MAIN_BACKEND_URL not set: answers are not personalised with the user profile');
  if (config.isProduction && config.corsOrigins === true) {
    lines.push(
      "CORS_ORIGINS not set: any origin is accepted over HTTP, Socket.IO and the plain WebSocket (set it to your apps' origins)",
    );
  }
  return lines;
}

/**
 * Where to go once the service is up. Health and metrics sit outside the `/api` prefix; the demo
 * page is named only when it is served.
 */
export function describeEndpoints(config: AppConfig): string {
  const base = `http://localhost:${config.port}`;
  const parts = [
    ...(config.demoPage ? [`demo page at ${base}/`] : []),
    `API docs at ${base}/docs`,
    `health at ${base}/health`,
    `metrics at ${base}/metrics`,
  ];
  return `Chat service listening on ${base}: ${parts.join(', ')}`;
}
