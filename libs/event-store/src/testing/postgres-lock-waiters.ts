/**
 * How a spec knows that a session is blocked on an advisory lock, rather than merely slow to
 * get there: it waits until the database lists the session among the lock's waiters.
 */
import { Client } from 'pg';

/** How often the database's lock table is read while nobody waits yet. */
const POLL_MS = 10;

/**
 * Settles once some session of the database waits for the session advisory lock named `name`
 * (its 64-bit `hashtextextended` key, as pg_advisory_lock(hashtextextended(name, 0)) takes it);
 * rejects with the signal's reason once it aborts first.
 */
export async function advisoryLockAwaited(
  connectionString: string,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (;;) {
      signal?.throwIfAborted();
      // A 64-bit key is kept as its high half in classid and its low half in objid (objsubid 1).
      const { rows } = await client.query<{ waiting: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)
         ) AS waiting`,
        [name],
      );
      if (rows[0]?.waiting === true) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await client.end();
  }
}
