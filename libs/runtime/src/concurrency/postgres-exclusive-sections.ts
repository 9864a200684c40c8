/**
 * Exclusive sections across every process that shares one PostgreSQL database: a section is a
 * session advisory lock, held on a connection of this instance's pool while its work runs.
 */
import type pg from 'pg';
import { pgDriver } from '@app/event-store';
import type { ExclusiveSections } from './exclusive-sections.port.js';
import { KeyedMutex } from './keyed-mutex.js';
import { inPoolAdvisoryLock, LOCKING_POOL_OPTIONS } from '../postgres/pool-advisory-lock.js';

/** Keeps the sections' locks apart from the other advisory locks taken on the database. */
const LOCK_PREFIX = 'exclusive:';

export class PostgresExclusiveSections implements ExclusiveSections {
  /** Work of this process waits for its turn here, holding no connection of the pool. */
  private readonly mutex = new KeyedMutex();

  private constructor(private readonly pool: pg.Pool) {}

  /** Opens the pool and tries one connection, so that a database out of reach stops the start. */
  static async connect(connectionString: string): Promise<PostgresExclusiveSections> {
    const pool = new (pgDriver().Pool)({ connectionString, ...LOCKING_POOL_OPTIONS });
    // An idle client's connection error must not crash the process; the next section reports it.
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresExclusiveSections(pool);
  }

  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const lockName = `${LOCK_PREFIX}${name}`;
    return this.mutex.run(lockName, () => inPoolAdvisoryLock(this.pool, lockName, () => work()));
  }

  async close(): Promise<void> {
    // Sections in progress end with their work; only then do their connections close.
    await this.mutex.idle();
    await this.pool.end();
  }
}
