import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../../config/app-config';
import { buildEntities } from './entities';
import { MIGRATIONS } from './migrations';

/** One source of truth for the app's TypeORM module and the migration CLI. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const entities = Object.values(buildEntities(db.kind));
  if (db.kind === 'postgres') {
    return {
      type: 'postgres',
      url: db.url,
      entities,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      // Bounded waits so a stalled database fails a request instead of hanging it.
      connectTimeoutMS: 3000,
      extra: {
        max: 10,
        connectionTimeoutMillis: 3000,
        statement_timeout: 5000,
        query_timeout: 6000,
        idleTimeoutMillis: 30000,
      },
    };
  }
  mkdirSync(dirname(db.file), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: db.file,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 3000');
    },
  };
}
