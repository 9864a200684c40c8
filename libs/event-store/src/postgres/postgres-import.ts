/**
 * Imports recorded events verbatim into the PostgreSQL log (recorded-import.ts): one
 * transaction per batch under the store's append lock, so it never interleaves with appends.
 */
import type { Pool, PoolClient } from 'pg';
import type { ChainPoint, RecordedEvent } from '../event-store.port.js';
import { CHAIN_COLUMNS } from '../event-rows.js';
import { GENESIS_HASH } from '../hash-chain.js';
import { planImport } from '../recorded-import.js';
import { LOCK_NAMESPACE, rollback, type LogTable } from './postgres-log-table.js';

export async function importRecordedBatch(pool: Pool, log: LogTable, batch: readonly RecordedEvent[]): Promise<ChainPoint> {
  const client: PoolClient = await pool.connect();
  let connectionBroken: Error | undefined;
  try {
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${log.lockKey})`);
    const last = await client.query<{ position: string; hash: string }>(
      `SELECT position, hash FROM ${log.table} ORDER BY position DESC LIMIT 1`,
    );
    const head = last.rows[0] ? { position: Number(last.rows[0].position), hash: last.rows[0].hash } : { position: 0, hash: GENESIS_HASH };
    const streams = [...new Set(batch.map((event) => event.streamId))];
    const revisions = await client.query<{ stream_id: string; revision: string }>(
      `SELECT stream_id, max(revision) AS revision FROM ${log.table} WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
      [streams],
    );
    const lastRevisions = new Map(revisions.rows.map((row) => [row.stream_id, Number(row.revision)]));
    const rows = planImport(head, batch, (streamId) => lastRevisions.get(streamId) ?? -1);
    if (rows.length > 0) {
      await client.query(
        `WITH inserted AS (
           INSERT INTO ${log.table} (${CHAIN_COLUMNS})
           SELECT position, id, stream_id, revision, type, data, metadata, recorded_at, hash
             FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
               AS row (position, id, stream_id, revision, type, data, metadata, recorded_at, hash)
         )
         SELECT pg_notify($10, $11)`,
        [
          rows.map((row) => row.position),
          rows.map((row) => row.id),
          rows.map((row) => row.streamId),
          rows.map((row) => row.revision),
          rows.map((row) => row.type),
          rows.map((row) => row.dataJson),
          rows.map((row) => row.metadataJson),
          rows.map((row) => row.recordedAt),
          rows.map((row) => row.hash),
          log.channel,
          String(rows[rows.length - 1].position),
        ],
      );
    }
    await client.query('COMMIT');
    const end = rows.at(-1);
    return end ? { position: end.position, hash: end.hash } : head;
  } catch (error) {
    connectionBroken = await rollback(client);
    throw error;
  } finally {
    client.release(connectionBroken);
  }
}
