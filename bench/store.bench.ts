/**
 * Event store benchmark: `npm run bench:store [-- --scale 2] [-- --repeats 5] [-- --dir /path]
 * [-- --against raw|emmett|ids]`, or `npm run bench:store -- --store postgres` for the PostgreSQL
 * adapter's own benchmark.
 *
 * Three tables, each row measured `--repeats` times (default 3) and printed as the median with
 * its spread (min–max); the ratio is taken within each repeat, where both sides ran together.
 *
 * 1. The SQLite store against raw better-sqlite3 doing the same work on a plain table with the
 *    same columns and indexes, the same pragmas (WAL, synchronous FULL) and prepared statements,
 *    in the same run: the ratios are what carries from one machine to another.
 *    - single: one-event appends with an expected revision vs raw one-row transactions (both
 *      pay one fsync per event);
 *    - batch: 100-event appends vs raw 100-row transactions;
 *    - read: the whole log read back through readAll in pages, JSON parsed, vs a raw
 *      select-and-parse of every row;
 *    - concurrent: 64 appenders on distinct streams, each appending one event at a time, vs the
 *      raw one-row transaction rate: what group commit buys at full durability.
 * 2. The SQLite store with time-ordered event ids (UUIDv7, as the API makes them) against the
 *    same store with random ones (v4), 64 concurrent appenders on a log grown to 100,000 events
 *    (x --scale) with ids of the same kind (timeOrderedVsRandomIds).
 * 3. The SQLite store against Emmett's SQLite event store on one shared connection, WAL,
 *    synchronous FULL, the same events (store-vs-emmett.ts, store-emmett.ts).
 *
 * On a shared machine the cost of an fsync drifts with everybody else's disk traffic, so the
 * two sides are alternated finely (in runs of ten writes, or run by run) and each write comparison is
 * repeated on fresh files. A tenth of each run warms up.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type NewEvent, SqliteEventStore } from '@app/event-store';
import { printRepeatedRateTable, type RepeatedRateRow } from './bench-report.js';
import { RawLog } from './store-raw-log.js';
import { compareWithEmmett } from './store-vs-emmett.js';
import {
  alternately,
  BATCH_SIZE,
  batchOf,
  CONCURRENT_WRITERS,
  type Pair,
  parseRepeats,
  parseScale,
  rate,
  READ_PAGE,
  repeatPairs,
  rowOf,
  type Sizes,
  warmUpOf,
} from './store-workload.js';

/**
 * Appends of `size` events with an expected revision, round-robin over 16 streams, against
 * raw transactions of the same rows, alternated in runs of RUN_LENGTH writes, on fresh files.
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
  const streamOf = (write: number): string => `cycle-khoi-4:2017:u${write % 16}`;
  const total = warmUpOf(writes) + writes;
  const storeBatches = Array.from({ length: total }, () => batchOf(size));
  const rawBatches = Array.from({ length: total }, () => batchOf(size));
  try {
    const { measuredMs, baselineMs } = await alternately(
      writes,
      async (write) => {
        const stream = streamOf(write);
        const result = await store.append(stream, storeBatches[write], {
          expectedRevision: revisions.get(stream) ?? 'no_stream',
        });
        revisions.set(stream, result.nextExpectedRevision);
      },
      (write) => raw.write(streamOf(write), Math.floor(write / 16) * size, rawBatches[write]),
    );
    const events = writes * size;
    return { measured: events / (measuredMs / 1000), baseline: events / (baselineMs / 1000) };
  } finally {
    await store.close();
    raw.close();
  }
}

/** The same events in a store file and a raw file, then full reads of both, alternated run by run. */
async function readsVsRawSelect(dir: string, events: number, repeats: number): Promise<Pair[]> {
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
    return await repeatPairs(repeats, async (repeat) => {
      if (repeat % 2 === 0) {
        const baseline = await rate(events, () => raw.readAllParsed());
        return { baseline, measured: await rate(events, readStore) };
      }
      const measured = await rate(events, readStore);
      return { measured, baseline: await rate(events, () => raw.readAllParsed()) };
    });
  } finally {
    await store.close();
    raw.close();
  }
}

/**
 * 64 appenders at once against raw one-row transactions, on fresh files: a tenth of a run of
 * each side warms up, then one run of each.
 */
async function concurrentVsRawTransactions(
  dir: string,
  name: string,
  sizes: Sizes,
  rawFirst: boolean,
): Promise<Pair> {
  const raw = new RawLog(join(dir, `${name}-raw.sqlite`));
  const store = await SqliteEventStore.open({ file: join(dir, `${name}-store.sqlite`) });
  let round = 0;
  const rawRun = (writes: number): Promise<number> => {
    const prefix = `raw-${round++}`;
    const events = batchOf(writes);
    return rate(writes, () => {
      for (let n = 0; n < writes; n++) raw.write(`${prefix}-${n % 64}`, Math.floor(n / 64), [events[n]]);
    });
  };
  const storeRun = (appends: number): Promise<number> =>
    concurrentAppends(store, `cycle-${round++}:2017`, appends, (events) => events);
  try {
    await rawRun(Math.ceil(sizes.singleAppends / 10));
    await storeRun(Math.ceil(sizes.appendsPerConcurrentWriter / 10));
    if (rawFirst) {
      const baseline = await rawRun(sizes.singleAppends);
      return { baseline, measured: await storeRun(sizes.appendsPerConcurrentWriter) };
    }
    const measured = await storeRun(sizes.appendsPerConcurrentWriter);
    return { measured, baseline: await rawRun(sizes.singleAppends) };
  } finally {
    await store.close();
    raw.close();
  }
}

/**
 * CONCURRENT_WRITERS appenders at once, each appending `appends` single events to a stream of
 * its own under `prefix`; `withIds` gives the events their ids (the workload's are the API's, UUIDv7).
 * Answers events per second.
 */
function concurrentAppends(
  store: SqliteEventStore,
  prefix: string,
  appends: number,
  withIds: (events: NewEvent[]) => NewEvent[],
): Promise<number> {
  const events = Array.from({ length: CONCURRENT_WRITERS }, () => withIds(batchOf(appends)));
  return rate(CONCURRENT_WRITERS * appends, () =>
    Promise.all(
      events.map(async (writerEvents, writer) => {
        for (let n = 0; n < appends; n++) {
          await store.append(`${prefix}:w${writer}`, [writerEvents[n]], {
            expectedRevision: n === 0 ? 'no_stream' : n - 1,
          });
        }
      }),
    ),
  );
}

/** The ids the API gives events (UUIDv7, time-ordered: stream-command.ts), as batchOf makes them. */
const timeOrdered = (events: NewEvent[]): NewEvent[] => events;
/** Random (v4) ids in place of the API's. */
const random = (events: NewEvent[]): NewEvent[] => events.map((event) => ({ ...event, id: randomUUID() }));

/** The ids comparison's sizes: the grown log, and the appends per writer of each run. */
interface GrownLogSizes {
  readonly grownLog: number;
  readonly appendsPerConcurrentWriter: number;
}

/**
 * Event ids, time-ordered (UUIDv7, the API's) against random (v4), on a log grown to
 * `sizes.grownLog` events with ids of the same kind: CONCURRENT_WRITERS appenders at once, the
 * two logs taking turns run by run. With random ids every append writes into a random page of
 * the unique index on the id, so each commit carries as many more pages as it has appends.
 */
async function timeOrderedVsRandomIds(dir: string, sizes: GrownLogSizes, repeats: number): Promise<Pair[]> {
  const open = async (
    name: string,
    withIds: (events: NewEvent[]) => NewEvent[],
  ): Promise<SqliteEventStore> => {
    const store = await SqliteEventStore.open({ file: join(dir, `${name}.sqlite`) });
    for (let b = 0; b * BATCH_SIZE < sizes.grownLog; b++)
      await store.append(`grown-${b}`, withIds(batchOf(BATCH_SIZE)), { expectedRevision: 'no_stream' });
    return store;
  };
  const ordered = await open('ids-v7', timeOrdered);
  const randomLog = await open('ids-v4', random);
  let round = 0;
  const run = (
    store: SqliteEventStore,
    withIds: (events: NewEvent[]) => NewEvent[],
    appends: number,
  ): Promise<number> => concurrentAppends(store, `cycle-${round++}:2017`, appends, withIds);
  try {
    const appends = sizes.appendsPerConcurrentWriter;
    await run(ordered, timeOrdered, Math.ceil(appends / 10));
    await run(randomLog, random, Math.ceil(appends / 10));
    return await repeatPairs(repeats, async (repeat) => {
      if (repeat % 2 === 0) {
        const baseline = await run(randomLog, random, appends);
        return { baseline, measured: await run(ordered, timeOrdered, appends) };
      }
      const measured = await run(ordered, timeOrdered, appends);
      return { measured, baseline: await run(randomLog, random, appends) };
    });
  } finally {
    await ordered.close();
    await randomLog.close();
  }
}

async function compareWithRaw(dir: string, sizes: Sizes, repeats: number): Promise<RepeatedRateRow[]> {
  const single = await repeatPairs(repeats, (n) =>
    appendsVsRawTransactions(dir, `single-${n}`, sizes.singleAppends, 1),
  );
  const batch = await repeatPairs(repeats, (n) =>
    appendsVsRawTransactions(dir, `batch-${n}`, sizes.batches, BATCH_SIZE),
  );
  const read = await readsVsRawSelect(dir, sizes.readEvents, repeats);
  const concurrent = await repeatPairs(repeats, (n) =>
    concurrentVsRawTransactions(dir, `concurrent-${n}`, sizes, n % 2 === 0),
  );
  return [
    rowOf('single-event appends, expected revision', single, 0.7),
    rowOf(`${BATCH_SIZE}-event appends`, batch, 0.85),
    rowOf(`read whole log (${sizes.readEvents} events), JSON parsed`, read, 0.7),
    rowOf(`${CONCURRENT_WRITERS} concurrent appenders vs raw 1-row txns`, concurrent, 5),
  ];
}

async function runSqliteStoreBench(
  sizes: Sizes & GrownLogSizes,
  repeats: number,
  against: 'raw' | 'emmett' | 'ids' | 'all',
  parentDir: string,
): Promise<boolean> {
  const dir = await mkdtemp(join(parentDir, 'store-bench-'));
  const runs = `median of ${repeats} (min–max)`;
  const verdicts: boolean[] = [];
  try {
    if (against === 'raw' || against === 'all') {
      const rows = await compareWithRaw(dir, sizes, repeats);
      verdicts.push(
        printRepeatedRateTable(
          `SQLite event store vs raw better-sqlite3 (WAL, synchronous=FULL), events/s, ${runs}`,
          'store',
          'raw',
          rows,
        ),
      );
    }
    if (against === 'ids' || against === 'all') {
      const pairs = await timeOrderedVsRandomIds(dir, sizes, repeats);
      verdicts.push(
        printRepeatedRateTable(
          `The SQLite store with time-ordered (UUIDv7) vs random (v4) event ids, on a log of ${sizes.grownLog} events, events/s, ${runs}`,
          'UUIDv7',
          'UUIDv4',
          [rowOf(`${CONCURRENT_WRITERS} concurrent appenders, distinct streams`, pairs, 1)],
        ),
      );
    }
    if (against === 'emmett' || against === 'all') {
      const { rows, notes } = await compareWithEmmett(dir, sizes, repeats);
      verdicts.push(
        printRepeatedRateTable(
          `SQLite event store vs Emmett's SQLite event store (one shared connection, WAL, synchronous=FULL), events/s, ${runs}`,
          'store',
          'Emmett',
          rows,
        ),
      );
      for (const note of notes) console.log(`${note}\n`);
    }
    return verdicts.every((met) => met);
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
      repeats: { type: 'string', default: '3' },
      against: { type: 'string', default: 'all' },
    },
    strict: false,
  });
  if (values.store === 'postgres') return runPostgresStoreBench(args);
  if (values.store !== 'sqlite')
    throw new Error(`unknown --store ${String(values.store)}: sqlite or postgres`);
  const against = values.against;
  if (against !== 'raw' && against !== 'emmett' && against !== 'ids' && against !== 'all')
    throw new Error(`unknown --against ${String(against)}: raw, emmett, ids or all`);
  const scale = parseScale(args);
  const repeats = parseRepeats(args);
  const sizes: Sizes = {
    singleAppends: Math.ceil(300 * scale),
    batches: Math.ceil(100 * scale),
    readEvents: Math.ceil(200 * scale) * BATCH_SIZE,
    appendsPerConcurrentWriter: Math.ceil(50 * scale),
  };
  const met = await runSqliteStoreBench(
    { ...sizes, grownLog: Math.ceil(1000 * scale) * BATCH_SIZE },
    repeats,
    against,
    typeof values.dir === 'string' ? values.dir : tmpdir(),
  );
  if (!met) process.exitCode = 1;
}

await main();
