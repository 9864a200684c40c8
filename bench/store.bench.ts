/**
 * Event store benchmark: `npm run bench:store [-- --scale 2] [-- --dir /path]`, or
 * `npm run bench:store -- --store postgres` for the PostgreSQL adapter's own benchmark.
 *
 * Measures the SQLite store against raw better-sqlite3 doing the same work on a plain table
 * with the same columns and indexes, the same pragmas (WAL, synchronous FULL) and prepared
 * statements, in the same run: the ratios are what carries from one machine to another.
 *
 * - single: one-event appends with an expected revision vs raw one-row transactions (both pay
 *   one fsync per event);
 * - batch: 100-event appends vs raw 100-row transactions;
 * - read: the whole log read back through readAll in pages, JSON parsed, vs a raw
 *   select-and-parse of every row;
 * - concurrent: 64 appenders on distinct streams, each appending one event at a time, vs the
 *   raw one-row transaction rate: what group commit buys at full durability.
 *
 * On a shared machine the cost of an fsync drifts with everybody else's disk traffic, so the
 * two sides are alternated finely (write by write, or run by run) and each comparison is
 * repeated on fresh files; the table shows medians. A tenth of each run warms up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteEventStore, type NewEvent } from '@app/event-store';
import { median, printRateTable, type RateRow } from './bench-report.js';
import {
  BATCH_SIZE,
  CONCURRENT_WRITERS,
  parseScale,
  rate,
  READ_PAGE,
  scoreAwarded,
  type Sizes,
} from './store-workload.js';

const REPEATS = 3;
interface Pair {
  /** Events per second of the store. */
  readonly measured: number;
  /** Events per second of raw better-sqlite3. */
  readonly baseline: number;
}

const batchOf = (size: number): NewEvent[] => Array.from({ length: size }, (_, n) => scoreAwarded(n));

/** The baseline: the same table, written and read with plain prepared statements. */
class RawLog {
  private static readonly HASH = 'f'.repeat(64);
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    if (this.db.pragma('synchronous', { simple: true }) !== 2)
      throw new Error('raw baseline: synchronous FULL not applied');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      ) STRICT;
      CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    `);
    this.insert = this.db.prepare(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.begin = this.db.prepare('BEGIN IMMEDIATE');
    this.commit = this.db.prepare('COMMIT');
  }

  /** One transaction of rows; no checks, no hash chain (the hash column gets a constant). */
  write(streamId: string, firstRevision: number, events: readonly NewEvent[]): void {
    const recordedAt = new Date().toISOString();
    this.begin.run();
    events.forEach((event, index) =>
      this.insert.run(
        event.id,
        streamId,
        firstRevision + index,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
        RawLog.HASH,
      ),
    );
    this.commit.run();
  }

  readAllParsed(): number {
    let count = 0;
    for (const row of this.db
      .prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position')
      .all()) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      count++;
    }
    return count;
  }

  close(): void {
    this.db.close();
  }
}

function medianPair(pairs: readonly Pair[]): Pair {
  return {
    measured: median(pairs.map((pair) => pair.measured)),
    baseline: median(pairs.map((pair) => pair.baseline)),
  };
}

async function repeat(run: (repetition: number) => Promise<Pair>): Promise<Pair> {
  const pairs: Pair[] = [];
  for (let repetition = 0; repetition < REPEATS; repetition++) pairs.push(await run(repetition));
  return medianPair(pairs);
}

/**
 * Appends of `size` events with an expected revision, round-robin over 16 streams, against
 * raw transactions of the same rows: one raw write, then one append, and so on, each timed.
 */
async function appendsVsRawTransactions(
  dir: string,
  name: string,
  writes: number,
  size: number,
): Promise<Pair> {
  const store = await SqliteEventStore.open({ file: join(dir, `${name}-store.sqlite`) });
  const raw = new RawLog(join(dir, `${name}-raw.sqlite`));
  const revisions = new Map<string, number>();
  const warmUp = Math.ceil(writes / 10);
  let rawMs = 0;
  let storeMs = 0;
  try {
    for (let write = 0; write < warmUp + writes; write++) {
      const stream = `cycle-khoi-4:2017:u${write % 16}`;
      const rawEvents = batchOf(size);
      const storeEvents = batchOf(size);
      const rawStarted = performance.now();
      raw.write(stream, Math.floor(write / 16) * size, rawEvents);
      const storeStarted = performance.now();
      const result = await store.append(stream, storeEvents, {
        expectedRevision: revisions.get(stream) ?? 'no_stream',
      });
      const ended = performance.now();
      revisions.set(stream, result.nextExpectedRevision);
      if (write < warmUp) continue;
      rawMs += storeStarted - rawStarted;
      storeMs += ended - storeStarted;
    }
  } finally {
    await store.close();
    raw.close();
  }
  const events = writes * size;
  return { measured: events / (storeMs / 1000), baseline: events / (rawMs / 1000) };
}

/** The same events in a store file and a raw file, then full reads of both, alternated. */
async function readsVsRawSelect(dir: string, events: number): Promise<Pair> {
  const store = await SqliteEventStore.open({ file: join(dir, 'read-store.sqlite') });
  const raw = new RawLog(join(dir, 'read-raw.sqlite'));
  try {
    for (let b = 0; b * BATCH_SIZE < events; b++) {
      const batch = batchOf(BATCH_SIZE);
      await store.append(`cycle-khoi-4:2017:u${b}`, batch, { expectedRevision: 'no_stream' });
      raw.write(`cycle-khoi-4:2017:u${b}`, 0, batch);
    }
    const readStore = async (): Promise<void> => {
      for (let after = 0; ;) {
        const page = await store.readAll({ after, maxCount: READ_PAGE });
        if (page.length === 0) return;
        after = page[page.length - 1].position;
      }
    };
    await readStore();
    raw.readAllParsed();
    return await repeat(async () => ({
      baseline: await rate(events, () => raw.readAllParsed()),
      measured: await rate(events, readStore),
    }));
  } finally {
    await store.close();
    raw.close();
  }
}

/** 64 appenders at once against raw one-row transactions, run by run. */
async function concurrentVsRawTransactions(dir: string, name: string, sizes: Sizes): Promise<Pair> {
  const raw = new RawLog(join(dir, `${name}-raw.sqlite`));
  const store = await SqliteEventStore.open({ file: join(dir, `${name}-store.sqlite`) });
  const events = CONCURRENT_WRITERS * sizes.appendsPerConcurrentWriter;
  const rawWrites = sizes.singleAppends;
  let rawRound = 0;
  let storeRound = 0;
  const rawRun = (): Promise<number> =>
    rate(rawWrites, () => {
      for (let n = 0; n < rawWrites; n++)
        raw.write(`raw-${rawRound}-${n % 64}`, Math.floor(n / 64), batchOf(1));
      rawRound++;
    });
  const storeRun = (): Promise<number> => {
    const round = storeRound++;
    return rate(events, () =>
      Promise.all(
        Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
          for (let n = 0; n < sizes.appendsPerConcurrentWriter; n++) {
            await store.append(`cycle-${round}:2017:w${writer}`, batchOf(1), {
              expectedRevision: n === 0 ? 'no_stream' : n - 1,
            });
          }
        }),
      ),
    );
  };
  try {
    await rawRun();
    await storeRun();
    return await repeat(async () => ({ baseline: await rawRun(), measured: await storeRun() }));
  } finally {
    await store.close();
    raw.close();
  }
}

async function runSqliteStoreBench(sizes: Sizes, parentDir: string): Promise<boolean> {
  const dir = await mkdtemp(join(parentDir, 'store-bench-'));
  try {
    const single = await repeat((n) => appendsVsRawTransactions(dir, `single-${n}`, sizes.singleAppends, 1));
    const batch = await repeat((n) => appendsVsRawTransactions(dir, `batch-${n}`, sizes.batches, BATCH_SIZE));
    const read = await readsVsRawSelect(dir, sizes.readEvents);
    const concurrent = await concurrentVsRawTransactions(dir, 'concurrent', sizes);
    const rows: RateRow[] = [
      { scenario: 'single-event appends, expected revision', ...single, target: 0.7 },
      { scenario: `${BATCH_SIZE}-event appends`, ...batch, target: 0.7 },
      { scenario: `read whole log (${sizes.readEvents} events), JSON parsed`, ...read, target: 0.7 },
      { scenario: `${CONCURRENT_WRITERS} concurrent appenders vs raw 1-row txns`, ...concurrent, target: 5 },
    ];
    return printRateTable(
      `SQLite event store vs raw better-sqlite3 (WAL, synchronous=FULL), events/s, median of ${REPEATS}`,
      'store',
      'raw',
      rows,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL adapter's benchmark lives beside this file and is loaded only when asked for. */
async function runPostgresStoreBench(args: readonly string[]): Promise<void> {
  const url = new URL('./store-postgres.bench.js', import.meta.url);
  let module: { runPostgresStoreBench?: (args: readonly string[]) => Promise<unknown> };
  try {
    module = (await import(url.href)) as typeof module;
  } catch (error) {
    if (
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' &&
      String(error).includes('store-postgres.bench')
    ) {
      console.error(
        `The PostgreSQL store benchmark is missing: ${url.pathname} (from bench/store-postgres.bench.ts) does not exist.`,
      );
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  if (typeof module.runPostgresStoreBench !== 'function') {
    console.error('bench/store-postgres.bench.ts does not export runPostgresStoreBench(args).');
    process.exitCode = 1;
    return;
  }
  await module.runPostgresStoreBench(args);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string', default: 'sqlite' },
      scale: { type: 'string', default: '1' },
      dir: { type: 'string' },
    },
    strict: false,
  });
  if (values.store === 'postgres') return runPostgresStoreBench(args);
  if (values.store !== 'sqlite')
    throw new Error(`unknown --store ${String(values.store)}: sqlite or postgres`);
  const scale = parseScale(args);
  const sizes: Sizes = {
    singleAppends: Math.ceil(300 * scale),
    batches: Math.ceil(100 * scale),
    readEvents: Math.ceil(200 * scale) * BATCH_SIZE,
    appendsPerConcurrentWriter: Math.ceil(50 * scale),
  };
  const met = await runSqliteStoreBench(sizes, typeof values.dir === 'string' ? values.dir : tmpdir());
  if (!met) process.exitCode = 1;
}

await main();
