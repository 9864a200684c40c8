/**
 * Writes one group of queued appends to PostgreSQL in one transaction, under the store's
 * append lock, and answers each append of it.
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { escapeLiteral } from './pg-driver.js';
import type { PendingAppend } from '../append-queue.js';
import type { StoredId } from '../append-replay.js';
import { CHAIN_COLUMNS } from '../event-rows.js';
import { AppendChain, GENESIS_HASH } from '../hash-chain.js';
import { planGroupCommit, type AppendOutcome, type LogState } from './postgres-append-plan.js';
import { LOCK_NAMESPACE, rollback, type LogTable } from './postgres-log-table.js';

interface LogStateRow {
  kind: 'head' | 'id' | 'stream';
  id: string | null;
  stream_id: string | null;
  revision: string | null;
  position: string | null;
  hash: string | null;
}

/** One transaction for the whole group; settles every append of it, never throws; true when it wrote. */
export async function commitGroup(
  pool: Pool,
  log: LogTable,
  now: () => Date,
  group: readonly PendingAppend[],
): Promise<boolean> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    for (const pending of group) pending.reject(error);
    return false;
  }
  let outcomes: AppendOutcome[];
  let connectionBroken: Error | undefined;
  try {
    const { state, head } = await beginAndReadLogState(client, log, group);
    outcomes = planGroupCommit(
      group.map((pending) => pending.append),
      state,
      head.position + 1,
    );
    const rows = outcomes.flatMap((outcome) => (outcome.kind === 'write' ? outcome.rows : []));
    if (rows.length > 0) {
      const recordedAt = now().toISOString();
      let previousHash = head.hash;
      // The group's events are hashed per append (all rows of a stream here come from appends
      // stamped alike), the envelope's constant parts serialised once (AppendChain).
      const chains = new Map<string, AppendChain>();
      const hashes = rows.map((row) => {
        let chain = chains.get(row.streamId);
        if (!chain) chains.set(row.streamId, (chain = new AppendChain(row.streamId, recordedAt)));
        previousHash = chain.link(previousHash, row.event, row.revision, row.position);
        return previousHash;
      });
      await client.query(
        `WITH inserted AS (
           INSERT INTO ${log.table} (${CHAIN_COLUMNS})
           SELECT position, id, stream_id, revision, type, data, metadata, $8::timestamptz, hash
             FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $9::text[])
               AS row (position, id, stream_id, revision, type, data, metadata, hash)
         )
         SELECT pg_notify($10, $11)`,
        [
          rows.map((row) => row.position),
          rows.map((row) => row.event.id),
          rows.map((row) => row.streamId),
          rows.map((row) => row.revision),
          rows.map((row) => row.event.type),
          rows.map((row) => row.event.dataJson),
          rows.map((row) => row.event.metadataJson),
          recordedAt,
          hashes,
          log.channel,
          String(rows[rows.length - 1].position),
        ],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    connectionBroken = await rollback(client);
    for (const pending of group) pending.reject(error);
    return false;
  } finally {
    client.release(connectionBroken);
  }

  outcomes.forEach((outcome, index) => settle(group[index], outcome));
  return outcomes.some((outcome) => outcome.kind === 'write');
}

/**
 * Opens the group's transaction, takes the append lock and then reads the head and what the
 * group's appends need, in one round trip: a multi-statement simple query, whose values are
 * therefore literals (validated UUIDs and stream ids quoted by pg's escapeLiteral). The read is
 * a statement of its own after the lock, so its snapshot includes every earlier commit.
 */
async function beginAndReadLogState(
  client: PoolClient,
  log: LogTable,
  group: readonly PendingAppend[],
): Promise<{ state: LogState; head: { position: number; hash: string } }> {
  const ids = group.flatMap((pending) => pending.append.events.map((event) => escapeLiteral(event.id)));
  const streams = [...new Set(group.map((pending) => pending.append.streamId))].map(escapeLiteral);
  const results = (await client.query(
    `BEGIN;
     SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, ${log.lockKey});
     (SELECT 'head' AS kind, NULL::text AS id, NULL::text AS stream_id, NULL::bigint AS revision, position, hash
        FROM ${log.table} ORDER BY position DESC LIMIT 1)
     UNION ALL
     SELECT 'id', id::text, stream_id, revision, position, NULL
       FROM ${log.table} WHERE id = ANY(ARRAY[${ids.join(',')}]::uuid[])
     UNION ALL
     SELECT 'stream', last.id::text, stream.id, last.revision, NULL, NULL
       FROM unnest(ARRAY[${streams.join(',')}]::text[]) AS stream (id)
       CROSS JOIN LATERAL (
         SELECT id, revision FROM ${log.table} WHERE stream_id = stream.id ORDER BY revision DESC LIMIT 1
       ) AS last`,
  )) as unknown as QueryResult<LogStateRow>[];
  const { rows } = results[results.length - 1];
  const head = { position: 0, hash: GENESIS_HASH };
  const state: LogState = { streamRevisions: new Map(), streamLastIds: new Map(), storedIds: new Map<string, StoredId>() };
  for (const row of rows) {
    if (row.kind === 'head') {
      head.position = Number(row.position);
      head.hash = row.hash as string;
    } else if (row.kind === 'id') {
      state.storedIds.set(row.id as string, {
        streamId: row.stream_id as string,
        revision: Number(row.revision),
        position: Number(row.position),
      });
    } else {
      state.streamRevisions.set(row.stream_id as string, Number(row.revision));
      state.streamLastIds.set(row.stream_id as string, row.id as string);
    }
  }
  return { state, head };
}

function settle(pending: PendingAppend, outcome: AppendOutcome): void {
  switch (outcome.kind) {
    case 'write': {
      const last = outcome.rows[outcome.rows.length - 1];
      pending.resolve({ nextExpectedRevision: last.revision, position: last.position });
      return;
    }
    case 'duplicate':
      pending.resolve(outcome.result);
      return;
    case 'refused':
      pending.reject(outcome.error);
      return;
    default: {
      const unexpected: never = outcome;
      throw new Error(`unexpected append outcome ${JSON.stringify(unexpected)}`);
    }
  }
}
