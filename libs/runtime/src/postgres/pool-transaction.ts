/**
 * One transaction on a connection of the pool: `begin` (BEGIN, or BEGIN with a lock taken in
 * the same round trip), the work, COMMIT; ROLLBACK when anything throws, and the connection back
 * to the pool either way.
 */
import type pg from 'pg';

export async function inPoolTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
