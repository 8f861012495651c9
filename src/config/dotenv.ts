import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads `.env` from the working directory when present (as `cp .env.example .env` suggests).
 * Variables already set in the environment win, as with any dotenv loader.
 */
export function loadDotEnv(file = '.env'): void {
  const path = resolve(file);
  if (existsSync(path)) process.loadEnvFile(path);
}
