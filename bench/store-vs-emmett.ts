/**
 * Our SQLite store against Emmett's (see store-emmett.ts for how Emmett is set up), the same
 * events in both, each on its own fresh file, at the same durability (WAL, synchronous FULL):
 *
 * - 100-event appends and single-event appends, each with an expected version, round-robin
 *   over 16 streams, alternated write by write;
 * - 64 appenders at once on distinct streams, one event per append, alternated run by run;
 * - readStream of every 100-event stream of a filled log, and a full scan of that log in pages
 *   of READ_PAGE (ours: readAll; Emmett: readMessagesBatch), alternated run by run.
 *
 * Every repeat of a write scenario uses fresh files. Rates are events per second.
 */
import { join } from 'node:path';
import { type NewEvent, SqliteEventStore } from '@app/event-store';
import type { RepeatedRateRow } from './bench-report.js';
import { EmmettLog, toEmmettEvent } from './store-emmett.js';
import {
  alternately,
  BATCH_SIZE,
  batchOf,
  CONCURRENT_WRITERS,
  type Pair,
  rate,
  READ_PAGE,
  repeatPairs,
  rowOf,
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

/** `writes` appends of `size` events on each side, round-robin over 16 streams, alternated. */
async function appendsVsEmmett(dir: string, name: string, writes: number, size: number): Promise<Pair> {
  const both = await openBoth(dir, name);
  const revisions = new Map<string, number>();
  const versions = new Map<string, bigint>();
  const streamOf = (write: number): string => `cycle-khoi-4:2017:u${write % STREAMS}`;
  const total = warmUpOf(writes) + writes;
  const storeBatches = Array.from({ length: total }, () => batchOf(size));
  const emmettBatches = Array.from({ length: total }, () => batchOf(size).map(toEmmettEvent));
  try {
    const { measuredMs, baselineMs } = await alternately(
      writes,
      async (write) => {
        const stream = streamOf(write);
        const result = await both.store.append(stream, storeBatches[write], {
          expectedRevision: revisions.get(stream) ?? 'no_stream',
        });
        revisions.set(stream, result.nextExpectedRevision);
      },
      async (write) => {
        const stream = streamOf(write);
        versions.set(
          stream,
          await both.emmett.append(stream, emmettBatches[write], versions.get(stream) ?? 0n),
        );
      },
    );
    const events = writes * size;
    return { measured: events / (measuredMs / 1000), baseline: events / (baselineMs / 1000) };
  } finally {
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

/** Every scenario against Emmett, `repeats` times each; the rows of the table. */
export async function compareWithEmmett(
  dir: string,
  sizes: Sizes,
  repeats: number,
): Promise<RepeatedRateRow[]> {
  const batch = await repeatPairs(repeats, (n) =>
    appendsVsEmmett(dir, `emmett-batch-${n}`, sizes.batches, BATCH_SIZE),
  );
  const single = await repeatPairs(repeats, (n) =>
    appendsVsEmmett(dir, `emmett-single-${n}`, sizes.singleAppends, 1),
  );
  const concurrent = await repeatPairs(repeats, (n) =>
    concurrentVsEmmett(dir, `emmett-concurrent-${n}`, sizes, n % 2 === 0),
  );
  const reads = await readsVsEmmett(dir, sizes, repeats);
  return [
    rowOf(`${BATCH_SIZE}-event appends, expected version`, batch, TARGETS.batch),
    rowOf('single-event appends, expected version', single, TARGETS.single),
    rowOf(`${CONCURRENT_WRITERS} concurrent appenders, distinct streams`, concurrent, TARGETS.concurrent),
    rowOf(`readStream, ${BATCH_SIZE}-event streams`, reads.readStream, TARGETS.readStream),
    rowOf(
      `full scan (${Math.ceil(sizes.readEvents / BATCH_SIZE) * BATCH_SIZE} events), pages of ${READ_PAGE}`,
      reads.fullScan,
      TARGETS.fullScan,
    ),
  ];
}
