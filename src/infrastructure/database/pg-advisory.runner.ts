import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ExclusiveRunner } from '../../modules/user-data/user-data-store';

/** A stable 63-bit key for pg_try_advisory_lock from a job's name. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * One instance at a time through a PostgreSQL session-level advisory lock: it is released when
 * the job ends, and by PostgreSQL itself if the process dies (its session closes).
 */
export class PgAdvisoryRunner extends ExclusiveRunner {
  private readonly logger = new Logger('PgAdvisoryRunner');

  constructor(private readonly ds: DataSource) {
    super();
  }

  async runExclusive<T>(name: string, job: () => Promise<T>): Promise<T | null> {
    const runner = this.ds.createQueryRunner();
    const key = advisoryKey(name);
    try {
      await runner.connect();
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as {
        locked: boolean;
      }[];
      if (!row?.locked) return null;
      try {
        return await job();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch((err: unknown) => {
          this.logger.warn(
            `advisory unlock failed: ${err instanceof Error ? err.message : 'error'}`,
          );
        });
      }
    } finally {
      await runner.release();
    }
  }
}
