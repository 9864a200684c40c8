/**
 * The fixed workload whose instructions `bench:instructions` counts (instructions.bench.ts runs
 * it under valgrind; it is not meant to be run by hand):
 *
 *   node dist/bench/instructions-workload.js --side store|raw --append none|batches|singles
 *     --batches N --singles M --warm-up W --warm-up-singles S --dir D
 *
 * Opens a fresh file in D (the SQLite store through its public API, or the raw better-sqlite3
 * baseline) and warms up with W 100-event appends and S single-event appends, so that the JIT
 * has compiled the hot path before the counted work (instructions.bench.ts says how many that
 * takes). Then it makes the events of N 100-event
 * appends and of M single-event appends, appends one of the two sets or none, and checks the log
 * holds what was appended. The run that appends none is the reference: it does everything the
 * others do except the counted appends, and its count is subtracted from theirs, so that what
 * remains is the appends' own work, without node's start, the file's opening, the warm-up or
 * the making of the events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type NewEvent, SqliteEventStore } from '@app/event-store';
import { RawLog } from './store-raw-log.js';
import { BATCH_SIZE, batchOf } from './store-workload.js';

export type WorkloadSide = 'store' | 'raw';
export type WorkloadAppend = 'none' | 'batches' | 'singles';

const STREAMS = 16;
const streamOf = (write: number): string => `cycle-khoi-4:2017:u${write % STREAMS}`;

/** A log of either side, reduced to what the workload does with it. */
interface WorkloadLog {
  /** Appends `events` as the `write`-th write, round-robin over 16 streams. */
  append(write: number, events: readonly NewEvent[]): Promise<void> | void;
  count(): Promise<number> | number;
  close(): Promise<void> | void;
}

async function openStore(file: string): Promise<WorkloadLog> {
  const store = await SqliteEventStore.open({ file });
  const revisions = new Map<string, number>();
  return {
    async append(write, events) {
      const stream = streamOf(write);
      const result = await store.append(stream, events, {
        expectedRevision: revisions.get(stream) ?? 'no_stream',
      });
      revisions.set(stream, result.nextExpectedRevision);
    },
    count: () => store.headPosition(),
    close: () => store.close(),
  };
}

function openRaw(file: string): WorkloadLog {
  const raw = new RawLog(file);
  const revisions = new Map<string, number>();
  return {
    append(write, events) {
      const stream = streamOf(write);
      const first = revisions.get(stream) ?? 0;
      raw.write(stream, first, events);
      revisions.set(stream, first + events.length);
    },
    count: () => raw.count(),
    close: () => raw.close(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      side: { type: 'string' },
      append: { type: 'string' },
      batches: { type: 'string' },
      singles: { type: 'string' },
      'warm-up': { type: 'string' },
      'warm-up-singles': { type: 'string' },
      dir: { type: 'string' },
    },
  });
  const side = values.side;
  const append = values.append;
  const batches = Number(values.batches);
  const singles = Number(values.singles);
  const warmUp = Number(values['warm-up']);
  const warmUpSingles = Number(values['warm-up-singles']);
  if (side !== 'store' && side !== 'raw') throw new Error(`--side store|raw, not ${String(side)}`);
  if (append !== 'none' && append !== 'batches' && append !== 'singles')
    throw new Error(`--append none|batches|singles, not ${String(append)}`);
  if (![batches, singles, warmUp, warmUpSingles].every((count) => Number.isInteger(count) && count >= 0))
    throw new Error('--batches, --singles, --warm-up and --warm-up-singles must be whole numbers');
  if (values.dir === undefined) throw new Error('--dir is required');

  const dir = await mkdtemp(join(values.dir, `instructions-${side}-`));
  try {
    const log =
      side === 'store' ? await openStore(join(dir, 'events.sqlite')) : openRaw(join(dir, 'events.sqlite'));
    const warmUpWrites = [
      ...Array.from({ length: warmUp }, () => batchOf(BATCH_SIZE)),
      ...Array.from({ length: warmUpSingles }, () => batchOf(1)),
    ];
    for (let write = 0; write < warmUpWrites.length; write++) await log.append(write, warmUpWrites[write]);
    const batchEvents = Array.from({ length: batches }, () => batchOf(BATCH_SIZE));
    const singleEvents = Array.from({ length: singles }, () => batchOf(1));
    const writes = append === 'batches' ? batchEvents : append === 'singles' ? singleEvents : [];
    for (let write = 0; write < writes.length; write++)
      await log.append(warmUpWrites.length + write, writes[write]);
    const expected = [...warmUpWrites, ...writes].reduce((sum, events) => sum + events.length, 0);
    const stored = await log.count();
    await log.close();
    if (stored !== expected) throw new Error(`${side}: ${stored} events stored, ${expected} appended`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
