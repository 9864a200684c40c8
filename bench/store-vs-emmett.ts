/**
 * Our SQLite store against Emmett's (see store-emmett.ts for how Emmett is set up), the same
 * events in both, each on its own fresh file, at the same durability (WAL, synchronous FULL):
 *
 * - 100-event appends and single-event appends, each with an expected version, round-robin
 *   over 16 streams, alternated in runs of RUN_LENGTH writes; the single appends with raw better-sqlite3's
 *   one-row transactions as a third side, whose ratio to Emmett says what one fsync per append
 *   allows on this disk;
 * - 64 appenders at once on distinct streams, one event per append, alternated run by run;
 * - readStream of every 100-event stream of a filled log, and a full scan of that log in pages
 *   of READ_PAGE (ours: readAll; Emmett: readMessagesBatch), alternated run by run.
 *
 * Every repeat of a write scenario uses fresh files. Rates are events per second.
 */
import { join } from 'node:path';
import { type NewEvent, SqliteEventStore } from '@app/event-store';
import { formatCompactRate, formatRepeated, repeated, type RepeatedRateRow } from './bench-report.js';
import { EmmettLog, toEmmettEvent } from './store-emmett.js';
import { RawLog } from './store-raw-log.js';
import {
  alternatelyAll,
  BATCH_SIZE,
  batchOf,
  CONCURRENT_WRITERS,
  type Pair,
  rate,
  READ_PAGE,
  repeatPairs,
  rowOf,
  RUN_LENGTH,
  type Sizes,
  warmUpOf,
} from './store-workload.js';

/** The goals, ours/Emmett's. */
const TARGETS = { batch: 1.5, single: 3, concurrent: 5, readStream: 3, fullScan: 2.5 };

const STREAMS = 16;

async function openBoth(dir: string, name: string): Promise<{ store: SqliteEventStore; emmett: EmmettLog }> {
  const store = await SqliteEventStore.open({ file: join(dir, `${name}-store.sqlite`) });
  try {
    return { store, emmett: await EmmettLog.open(join(dir, `${name}-emmett.sqlite`)) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function closeBoth({ store, emmett }: { store: SqliteEventStore; emmett: EmmettLog }): Promise<void> {
  try {
    await emmett.close();
  } finally {
    await store.close();
  }
}

/** One repeat of the appends against Emmett; with raw better-sqlite3's rate when it took part. */
interface AppendsPair extends Pair {
  readonly raw?: number;
}

/**
 * `writes` appends of `size` events on each side, round-robin over 16 streams, alternated; with
 * `withRaw`, raw better-sqlite3's transactions of the same rows (store-raw-log.ts) as a third
 * side, in the same rotation.
 */
async function appendsVsEmmett(
  dir: string,
  name: string,
  writes: number,
  size: number,
  withRaw = false,
): Promise<AppendsPair> {
  const both = await openBoth(dir, name);
  const raw = withRaw ? new RawLog(join(dir, `${name}-raw.sqlite`)) : undefined;
  const revisions = new Map<string, number>();
  const versions = new Map<string, bigint>();
  const streamOf = (write: number): string => `cycle-khoi-4:2017:u${write % STREAMS}`;
  const total = warmUpOf(writes) + writes;
  const storeBatches = Array.from({ length: total }, () => batchOf(size));
  const emmettBatches = Array.from({ length: total }, () => batchOf(size).map(toEmmettEvent));
  const rawBatches = raw ? Array.from({ length: total }, () => batchOf(size)) : [];
  const sides: ((write: number) => Promise<void> | void)[] = [
    async (write: number): Promise<void> => {
      const stream = streamOf(write);
      const result = await both.store.append(stream, storeBatches[write], {
        expectedRevision: revisions.get(stream) ?? 'no_stream',
      });
      revisions.set(stream, result.nextExpectedRevision);
    },
    async (write: number): Promise<void> => {
      const stream = streamOf(write);
      versions.set(
        stream,
        await both.emmett.append(stream, emmettBatches[write], versions.get(stream) ?? 0n),
      );
    },
  ];
  if (raw)
    // Write n goes to stream n % STREAMS, its (n / STREAMS)th append there.
    sides.push((write: number) =>
      raw.write(streamOf(write), Math.floor(write / STREAMS) * size, rawBatches[write]),
    );
  try {
    const [storeMs, emmettMs, rawMs] = await alternatelyAll(writes, sides);
    const perSecond = (ms: number): number => (writes * size) / (ms / 1000);
    return {
      measured: perSecond(storeMs),
      baseline: perSecond(emmettMs),
      ...(rawMs === undefined ? {} : { raw: perSecond(rawMs) }),
    };
  } finally {
    raw?.close();
    await closeBoth(both);
  }
}

/** 64 appenders at once on each side, on fresh files; a small warm-up run each, then one measured run each. */
async function concurrentVsEmmett(
  dir: string,
  name: string,
  sizes: Sizes,
  emmettFirst: boolean,
): Promise<Pair> {
  const both = await openBoth(dir, name);
  let round = 0;
  // Each writer's events, made before the clock starts.
  const eventsOf = (appends: number): NewEvent[][] =>
    Array.from({ length: CONCURRENT_WRITERS }, () => batchOf(appends));
  const storeRun = (appends: number): Promise<number> => {
    const streamPrefix = `cycle-${round++}:2017`;
    const events = eventsOf(appends);
    return rate(CONCURRENT_WRITERS * appends, () =>
      Promise.all(
        events.map(async (writerEvents, writer) => {
          for (let n = 0; n < appends; n++)
            await both.store.append(`${streamPrefix}:w${writer}`, [writerEvents[n]], {
              expectedRevision: n === 0 ? 'no_stream' : n - 1,
            });
        }),
      ),
    );
  };
  const emmettRun = (appends: number): Promise<number> => {
    const streamPrefix = `cycle-${round++}:2017`;
    const events = eventsOf(appends).map((writerEvents) => writerEvents.map(toEmmettEvent));
    return rate(CONCURRENT_WRITERS * appends, () =>
      Promise.all(
        events.map(async (writerEvents, writer) => {
          for (let n = 0; n < appends; n++)
            await both.emmett.append(`${streamPrefix}:w${writer}`, [writerEvents[n]], BigInt(n));
        }),
      ),
    );
  };
  try {
    const warmUp = Math.max(1, Math.ceil(sizes.appendsPerConcurrentWriter / 10));
    await emmettRun(warmUp);
    await storeRun(warmUp);
    const appends = sizes.appendsPerConcurrentWriter;
    if (emmettFirst) {
      const baseline = await emmettRun(appends);
      return { baseline, measured: await storeRun(appends) };
    }
    const measured = await storeRun(appends);
    return { measured, baseline: await emmettRun(appends) };
  } finally {
    await closeBoth(both);
  }
}

/** Fills both logs with the same events in 100-event streams, then reads them back run by run. */
async function readsVsEmmett(
  dir: string,
  sizes: Sizes,
  repeats: number,
): Promise<{ readStream: Pair[]; fullScan: Pair[] }> {
  const both = await openBoth(dir, 'emmett-read');
  const streams = Math.ceil(sizes.readEvents / BATCH_SIZE);
  const streamName = (n: number): string => `cycle-khoi-4:2017:u${n}`;
  const events = streams * BATCH_SIZE;
  try {
    for (let n = 0; n < streams; n++) {
      const batch = batchOf(BATCH_SIZE);
      await both.store.append(streamName(n), batch, { expectedRevision: 'no_stream' });
      await both.emmett.append(streamName(n), batch.map(toEmmettEvent), 0n);
    }
    const storeStreams = async (): Promise<void> => {
      for (let n = 0; n < streams; n++) await both.store.readStream(streamName(n));
    };
    const emmettStreams = async (): Promise<void> => {
      for (let n = 0; n < streams; n++) await both.emmett.readStream(streamName(n));
    };
    const storeScan = async (): Promise<void> => {
      let read = 0;
      for (let after = 0; ;) {
        const page = await both.store.readAll({ after, maxCount: READ_PAGE });
        if (page.length === 0) break;
        read += page.length;
        after = page[page.length - 1].position;
      }
      if (read !== events) throw new Error(`our full scan read ${read} events, not ${events}`);
    };
    const emmettScan = async (): Promise<void> => {
      const read = await both.emmett.readAll(READ_PAGE);
      if (read !== events) throw new Error(`Emmett's full scan read ${read} events, not ${events}`);
    };
    // Warm-up: one pass of each.
    await storeStreams();
    await emmettStreams();
    await storeScan();
    await emmettScan();
    const readStream = await repeatPairs(repeats, async (repeat) => {
      if (repeat % 2 === 0) {
        const baseline = await rate(events, emmettStreams);
        return { baseline, measured: await rate(events, storeStreams) };
      }
      const measured = await rate(events, storeStreams);
      return { measured, baseline: await rate(events, emmettStreams) };
    });
    const fullScan = await repeatPairs(repeats, async (repeat) => {
      if (repeat % 2 === 0) {
        const baseline = await rate(events, emmettScan);
        return { baseline, measured: await rate(events, storeScan) };
      }
      const measured = await rate(events, storeScan);
      return { measured, baseline: await rate(events, emmettScan) };
    });
    return { readStream, fullScan };
  } finally {
    await closeBoth(both);
  }
}

/** What compareWithEmmett measured: the table's rows, and lines to print under it. */
export interface EmmettComparison {
  readonly rows: RepeatedRateRow[];
  readonly notes: string[];
}

/**
 * Every scenario against Emmett, `repeats` times each: the rows of the table, and under it raw
 * better-sqlite3's one-row transactions against Emmett in the single appends' own runs: what one
 * commit with none of the store's work costs against Emmett on this machine's disk.
 */
export async function compareWithEmmett(
  dir: string,
  sizes: Sizes,
  repeats: number,
): Promise<EmmettComparison> {
  const batch = await repeatPairs(repeats, (n) =>
    appendsVsEmmett(dir, `emmett-batch-${n}`, sizes.batches, BATCH_SIZE),
  );
  const single: AppendsPair[] = [];
  for (let n = 0; n < repeats; n++)
    single.push(await appendsVsEmmett(dir, `emmett-single-${n}`, sizes.singleAppends, 1, true));
  const concurrent = await repeatPairs(repeats, (n) =>
    concurrentVsEmmett(dir, `emmett-concurrent-${n}`, sizes, n % 2 === 0),
  );
  const reads = await readsVsEmmett(dir, sizes, repeats);
  const rawRatios = repeated(single.map((pair) => pair.raw! / pair.baseline));
  const storeVsRaw = repeated(single.map((pair) => pair.measured / pair.raw!));
  const ratio = (value: number): string => `${value.toFixed(2)}x`;
  return {
    rows: [
      rowOf(`${BATCH_SIZE}-event appends, expected version`, batch, TARGETS.batch),
      rowOf('single-event appends, expected version', single, TARGETS.single),
      rowOf(`${CONCURRENT_WRITERS} concurrent appenders, distinct streams`, concurrent, TARGETS.concurrent),
      rowOf(`readStream, ${BATCH_SIZE}-event streams`, reads.readStream, TARGETS.readStream),
      rowOf(
        `full scan (${Math.ceil(sizes.readEvents / BATCH_SIZE) * BATCH_SIZE} events), pages of ${READ_PAGE}`,
        reads.fullScan,
        TARGETS.fullScan,
      ),
    ],
    notes: [
      `single-event appends, the bound: raw better-sqlite3's one-row transactions, alternated in runs of ${RUN_LENGTH} writes ` +
        `with both stores, ran at ${formatRepeated(repeated(single.map((pair) => pair.raw!)), formatCompactRate)} events/s, ` +
        `${formatRepeated(rawRatios, ratio)} Emmett's rate, and the store at ${formatRepeated(storeVsRaw, ratio)} raw's: ` +
        'each append waits for its own fsync at full durability, so the store against Emmett follows what one ' +
        "fsync costs on this disk (the store's preallocated write-ahead log can make its fsync cheaper than raw's).",
    ],
  };
}
