/**
 * A session advisory lock held on a connection of the pool for the length of some work, and
 * the bounds of a pool whose connections hold such locks.
 */
import type pg from 'pg';

/**
 * Bounds on a pool whose connections hold advisory locks: a caller waiting for a connection,
 * or a statement (an advisory lock held elsewhere included), fails after this long instead of
 * hanging for ever.
 */
export const LOCKING_POOL_OPTIONS = {
  max: 10,
  connectionTimeoutMillis: 10_000,
  idleTimeoutMillis: 30_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

/**
 * Takes the session advisory lock named `name` (its 64-bit `hashtextextended`) on a connection
 * of the pool, runs `work` on that connection and unlocks, whether `work` settled or threw. A
 * connection whose unlock failed may still hold the lock: it is destroyed, not pooled, so the
 * lock ends with its session.
 */
export async function inPoolAdvisoryLock<T>(
  pool: pg.Pool,
  name: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let unlockFailed = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      return await work(client);
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
        .catch(() => (unlockFailed = true));
    }
  } finally {
    client.release(unlockFailed);
  }
}
