/**
 * PostgreSQL event store benchmark: `npm run bench:store -- --store postgres [--scale 2] [--repeats 3]`.
 *
 * Measures PostgresEventStore against raw `pg` writing and reading the same rows in a plain
 * table with the same columns and indexes, on the same server, in the same run: the ratios are
 * what matters. Uses DATABASE_URL, or a throwaway database on the local server.
 *
 * - single: one-event appends with an expected revision, one after the other, vs raw one-row
 *   INSERTs (autocommit): both pay one commit per event, the store also the lock and the checks;
 * - batch: 100-event appends vs raw 100-row INSERTs;
 * - read: the whole log read back through readAll in pages, JSON parsed, vs raw keyset pages of
 *   the same size, JSON parsed;
 * - concurrent: 64 appenders on distinct streams, one event at a time, vs 64 raw inserters
 *   sharing a pool of the same size: the store serialises commits (no gaps in the global order)
 *   and pays for it with group commit, the raw side commits in parallel without any order.
 *
 * Each scenario runs once small to warm up, then `--repeats` times (default 3) alternating with
 * its baseline in fresh schemas; the table shows the medians with their spread (min–max), the
 * ratio taken within each repeat.
 */
import { escapeIdentifier, Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@app/event-store';
import { openScratchDatabase, type ScratchDatabase } from '@app/event-store/testing';
import { printRepeatedRateTable, type RepeatedRateRow } from './bench-report.js';
import {
  BATCH_SIZE,
  CONCURRENT_WRITERS,
  type Pair,
  parseRepeats,
  parseScale,
  rate,
  READ_PAGE,
  rowOf,
  scoreAwarded,
  type Sizes,
} from './store-workload.js';

/** Connections of the store's pool and of the raw pool alike (pg's default). */
const POOL_SIZE = 10;

// --- raw pg baseline -------------------------------------------------------------------------

const RAW_HASH = 'f'.repeat(64);

/** A plain table with the store's columns and indexes; the position comes from an identity column. */
class RawLog {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${escapeIdentifier(schema)}.events`;
  }

  /** A raw log over an existing schema, on the caller's pool. */
  static attach(pool: Pool, schema: string): RawLog {
    return new RawLog(pool, schema);
  }

  static async create(connectionString: string, schema: string): Promise<RawLog> {
    const pool = new Pool({ connectionString, max: POOL_SIZE });
    const raw = new RawLog(pool, schema);
    await pool.query(`
      CREATE SCHEMA ${escapeIdentifier(schema)};
      CREATE TABLE ${raw.table} (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid NOT NULL UNIQUE,
        stream_id text COLLATE "C" NOT NULL, revision bigint NOT NULL, type text NOT NULL, data text NOT NULL,
        metadata text NOT NULL, recorded_at timestamptz NOT NULL, hash text NOT NULL, UNIQUE (stream_id, revision)
      );
      CREATE INDEX ON ${raw.table} (type, position);
    `);
    return raw;
  }

  /** One statement, so one transaction, with the given events. */
  async write(streamId: string, firstRevision: number, events: readonly NewEvent[]): Promise<void> {
    const recordedAt = new Date().toISOString();
    if (events.length === 1) {
      const [event] = events;
      await this.pool.query(
        `INSERT INTO ${this.table} (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          event.id,
          streamId,
          firstRevision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
          RAW_HASH,
        ],
      );
      return;
    }
    await this.pool.query(
      `INSERT INTO ${this.table} (id, stream_id, revision, type, data, metadata, recorded_at, hash)
       SELECT id, $2, $3::bigint + ordinality - 1, type, data, metadata, $7, $8
         FROM unnest($1::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS row (id, type, data, metadata, ordinality)`,
      [
        events.map((event) => event.id),
        streamId,
        firstRevision,
        events.map((event) => event.type),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
        recordedAt,
        RAW_HASH,
      ],
    );
  }

  /** Every row in keyset pages, data and metadata parsed; answers the count. */
  async readAllParsed(): Promise<number> {
    let after = 0;
    let count = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ position: string; data: string; metadata: string }>(
        `SELECT * FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, READ_PAGE],
      );
      if (rows.length === 0) return count;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      count += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

// --- scenarios -------------------------------------------------------------------------------

async function openStore(
  scratch: ScratchDatabase,
  schema = scratch.newSchema(),
): Promise<{ store: PostgresEventStore; pool: Pool }> {
  const pool = new Pool({ connectionString: scratch.connectionString, max: POOL_SIZE });
  const store = await PostgresEventStore.open({ pool, schema });
  return { store, pool };
}

async function closeStore({ store, pool }: { store: PostgresEventStore; pool: Pool }): Promise<void> {
  await store.close();
  await pool.end();
}

async function storeSingle(scratch: ScratchDatabase, count: number): Promise<number> {
  const opened = await openStore(scratch);
  const revisions = new Map<string, number>();
  const events = Array.from({ length: count }, (_, n) => scoreAwarded(n));
  try {
    return await rate(count, async () => {
      for (let n = 0; n < count; n++) {
        const stream = `cycle-khoi-4:2017:u${n % 16}`;
        const result = await opened.store.append(stream, [events[n]], {
          expectedRevision: revisions.get(stream) ?? 'no_stream',
        });
        revisions.set(stream, result.nextExpectedRevision);
      }
    });
  } finally {
    await closeStore(opened);
  }
}

async function rawSingle(scratch: ScratchDatabase, count: number): Promise<number> {
  const raw = await RawLog.create(scratch.connectionString, scratch.newSchema());
  const events = Array.from({ length: count }, (_, n) => scoreAwarded(n));
  try {
    return await rate(count, async () => {
      for (let n = 0; n < count; n++)
        await raw.write(`cycle-khoi-4:2017:u${n % 16}`, Math.floor(n / 16), [events[n]]);
    });
  } finally {
    await raw.close();
  }
}

const batchesOf = (batches: number): NewEvent[][] =>
  Array.from({ length: batches }, () => Array.from({ length: BATCH_SIZE }, (_, n) => scoreAwarded(n)));

async function storeBatches(scratch: ScratchDatabase, batches: number): Promise<number> {
  const opened = await openStore(scratch);
  const prepared = batchesOf(batches);
  try {
    return await rate(batches * BATCH_SIZE, async () => {
      for (let b = 0; b < batches; b++) {
        const expectedRevision = b < 8 ? 'no_stream' : Math.floor(b / 8) * BATCH_SIZE - 1;
        await opened.store.append(`cycle-khoi-4:2017:u${b % 8}`, prepared[b], { expectedRevision });
      }
    });
  } finally {
    await closeStore(opened);
  }
}

async function rawBatches(scratch: ScratchDatabase, batches: number): Promise<number> {
  const raw = await RawLog.create(scratch.connectionString, scratch.newSchema());
  const prepared = batchesOf(batches);
  try {
    return await rate(batches * BATCH_SIZE, async () => {
      for (let b = 0; b < batches; b++)
        await raw.write(`cycle-khoi-4:2017:u${b % 8}`, Math.floor(b / 8) * BATCH_SIZE, prepared[b]);
    });
  } finally {
    await raw.close();
  }
}

/** Fills a store schema and a raw schema with the same events, for the read scenario. */
async function fillForReading(
  scratch: ScratchDatabase,
  count: number,
): Promise<{ storeSchema: string; rawSchema: string }> {
  const storeSchema = scratch.newSchema();
  const rawSchema = scratch.newSchema();
  const opened = await openStore(scratch, storeSchema);
  const raw = await RawLog.create(scratch.connectionString, rawSchema);
  try {
    for (let b = 0; b * BATCH_SIZE < count; b++) {
      const events = Array.from({ length: BATCH_SIZE }, (_, n) => scoreAwarded(n));
      await opened.store.append(`cycle-khoi-4:2017:u${b}`, events, { expectedRevision: 'no_stream' });
      await raw.write(`cycle-khoi-4:2017:u${b}`, 0, events);
    }
  } finally {
    await closeStore(opened);
    await raw.close();
  }
  return { storeSchema, rawSchema };
}

async function storeRead(scratch: ScratchDatabase, schema: string): Promise<number> {
  const opened = await openStore(scratch, schema);
  try {
    const count = await opened.store.headPosition();
    return await rate(count, async () => {
      let after = 0;
      for (;;) {
        const page = await opened.store.readAll({ after, maxCount: READ_PAGE });
        if (page.length === 0) break;
        after = page[page.length - 1].position;
      }
    });
  } finally {
    await closeStore(opened);
  }
}

async function rawRead(scratch: ScratchDatabase, schema: string): Promise<number> {
  const raw = new RawReader(scratch.connectionString, schema);
  try {
    const count = await raw.count();
    return await rate(count, async () => {
      await raw.log.readAllParsed();
    });
  } finally {
    await raw.close();
  }
}

/** Opens an existing raw schema for reading. */
class RawReader {
  private readonly pool: Pool;
  readonly log: RawLog;
  constructor(
    connectionString: string,
    private readonly schema: string,
  ) {
    this.pool = new Pool({ connectionString, max: POOL_SIZE });
    this.log = RawLog.attach(this.pool, schema);
  }
  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      `SELECT count(*) FROM ${escapeIdentifier(this.schema)}.events`,
    );
    return Number(rows[0].count);
  }
  close(): Promise<void> {
    return this.pool.end();
  }
}

async function storeConcurrent(scratch: ScratchDatabase, appendsPerWriter: number): Promise<number> {
  const opened = await openStore(scratch);
  try {
    return await rate(CONCURRENT_WRITERS * appendsPerWriter, async () => {
      await Promise.all(
        Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
          for (let n = 0; n < appendsPerWriter; n++) {
            await opened.store.append(`cycle-khoi-4:2017:w${writer}`, [scoreAwarded(n)], {
              expectedRevision: n === 0 ? 'no_stream' : n - 1,
            });
          }
        }),
      );
    });
  } finally {
    await closeStore(opened);
  }
}

async function rawConcurrent(scratch: ScratchDatabase, appendsPerWriter: number): Promise<number> {
  const raw = await RawLog.create(scratch.connectionString, scratch.newSchema());
  try {
    return await rate(CONCURRENT_WRITERS * appendsPerWriter, async () => {
      await Promise.all(
        Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
          for (let n = 0; n < appendsPerWriter; n++)
            await raw.write(`cycle-khoi-4:2017:w${writer}`, n, [scoreAwarded(n)]);
        }),
      );
    });
  } finally {
    await raw.close();
  }
}

// --- driver ----------------------------------------------------------------------------------

/** Warms both sides up once, then alternates them `repeats` times. */
async function compare(
  repeats: number,
  measured: (warmUp: boolean) => Promise<number>,
  baseline: (warmUp: boolean) => Promise<number>,
): Promise<Pair[]> {
  await baseline(true);
  await measured(true);
  const pairs: Pair[] = [];
  for (let round = 0; round < repeats; round++) {
    const baselineRate = await baseline(false);
    pairs.push({ baseline: baselineRate, measured: await measured(false) });
  }
  return pairs;
}

/** Runs the benchmark; `args` are the command line's (`--scale n`; `--store` is the caller's). */
export async function runPostgresStoreBench(args: readonly string[]): Promise<boolean> {
  const scale = parseScale(args);
  const repeats = parseRepeats(args);
  const sizes: Sizes = {
    singleAppends: Math.ceil(300 * scale),
    batches: Math.ceil(50 * scale),
    readEvents: Math.ceil(100 * scale) * BATCH_SIZE,
    appendsPerConcurrentWriter: Math.ceil(20 * scale),
  };
  const warm = (full: number, warmUp: boolean): number => (warmUp ? Math.max(1, Math.ceil(full / 10)) : full);

  const scratch = await openScratchDatabase('store_bench');
  try {
    const single = await compare(
      repeats,
      (warmUp) => storeSingle(scratch, warm(sizes.singleAppends, warmUp)),
      (warmUp) => rawSingle(scratch, warm(sizes.singleAppends, warmUp)),
    );
    const batch = await compare(
      repeats,
      (warmUp) => storeBatches(scratch, warm(sizes.batches, warmUp)),
      (warmUp) => rawBatches(scratch, warm(sizes.batches, warmUp)),
    );
    const { storeSchema, rawSchema } = await fillForReading(scratch, sizes.readEvents);
    const read = await compare(
      repeats,
      () => storeRead(scratch, storeSchema),
      () => rawRead(scratch, rawSchema),
    );
    const concurrent = await compare(
      repeats,
      (warmUp) => storeConcurrent(scratch, warm(sizes.appendsPerConcurrentWriter, warmUp)),
      (warmUp) => rawConcurrent(scratch, warm(sizes.appendsPerConcurrentWriter, warmUp)),
    );
    const rows: RepeatedRateRow[] = [
      rowOf('single-event appends, expected revision', single, 0.5),
      rowOf(`${BATCH_SIZE}-event appends`, batch, 0.7),
      rowOf(`read whole log (${sizes.readEvents} events), JSON parsed`, read, 0.7),
      rowOf(
        `${CONCURRENT_WRITERS} concurrent appenders vs ${CONCURRENT_WRITERS} raw inserters`,
        concurrent,
        1,
      ),
    ];
    const met = printRepeatedRateTable(
      `PostgreSQL event store vs raw pg on the same server (pool of ${POOL_SIZE}), events/s, median of ${repeats} (min–max)`,
      'store',
      'raw',
      rows,
    );
    if (!met) process.exitCode = 1;
    return met;
  } finally {
    await scratch.drop();
  }
}
