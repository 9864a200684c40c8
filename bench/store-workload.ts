/**
 * The workload both store benchmarks (SQLite and PostgreSQL) write and read, so that their
 * figures compare the same events.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { parseArgs } from 'node:util';
import type { EventMetadata, NewEvent } from '@app/event-store';
import type { RepeatedRateRow } from './bench-report.js';

export const CONCURRENT_WRITERS = 64;
export const BATCH_SIZE = 100;
export const READ_PAGE = 1000;

export interface Sizes {
  readonly singleAppends: number;
  readonly batches: number;
  readonly readEvents: number;
  readonly appendsPerConcurrentWriter: number;
}

const metadata: EventMetadata = {
  actor: { sub: 'officer-syt', name: 'Nguyễn Thị Thu Hà', role: 'unit', unit: 'so-y-te' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  reason: 'Chấm điểm tại hội nghị tổng kết năm 2017',
};

/**
 * A ScoreAwarded-like event of the size the product writes (~400 bytes), with the id the API
 * gives events: a UUIDv7, time-ordered (stream-command.ts). Until the fourth pass of issue 17
 * the benchmarks gave random (v4) ids, which put every event into a random page of the store's
 * unique index on the id; Emmett's store indexes no message id, so those figures charged ours
 * for ids the product does not make (bench:store's ids table measures that difference).
 */
export function scoreAwarded(n: number): NewEvent {
  return {
    id: uuidv7(),
    type: 'ScoreAwarded',
    data: {
      blocId: 'khoi-4',
      year: 2017,
      unitId: 'so-lao-dong-tb-xh',
      criterion: `1.${n % 12}`,
      points: 96.5,
      content: '1',
    },
    metadata,
  };
}

/** Events per second of `work`. */
export async function rate(events: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return events / ((performance.now() - started) / 1000);
}

/** The `--scale` factor of the command line (default 1). */
export function parseScale(args: readonly string[]): number {
  const { values } = parseArgs({
    args: [...args],
    options: { scale: { type: 'string', default: '1' } },
    strict: false,
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not ${String(values.scale)}`);
  return scale;
}

/** The `--repeats` of the command line (default 3): how many times each figure is measured. */
export function parseRepeats(args: readonly string[]): number {
  const { values } = parseArgs({
    args: [...args],
    options: { repeats: { type: 'string', default: '3' } },
    strict: false,
  });
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new Error(`--repeats must be a positive whole number, not ${String(values.repeats)}`);
  return repeats;
}

/** `size` fresh events (new ids). */
export const batchOf = (size: number): NewEvent[] => Array.from({ length: size }, (_, n) => scoreAwarded(n));

/** One repeat of a comparison: the rate of the code under test and of its baseline, measured together. */
export interface Pair {
  readonly measured: number;
  readonly baseline: number;
}

/** A table row from the pairs of every repeat. */
export function rowOf(scenario: string, pairs: readonly Pair[], target: number): RepeatedRateRow {
  return {
    scenario,
    measured: pairs.map((pair) => pair.measured),
    baseline: pairs.map((pair) => pair.baseline),
    target,
  };
}

/** Runs `run` once per repeat, in order, and collects the pairs. */
export async function repeatPairs(repeats: number, run: (repeat: number) => Promise<Pair>): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) pairs.push(await run(repeat));
  return pairs;
}

/** How many untimed writes `alternately` runs before the `writes` it times. */
export const warmUpOf = (writes: number): number => Math.ceil(writes / 10);

/**
 * How many writes of one side run back to back before the next side's turn. Alternating write
 * by write made each side's write follow the other's: a store's single append right after one
 * of Emmett's (whose append waits on its thread pool, the CPU idle) took 0.41–0.45 ms against
 * 0.32–0.34 ms right after one of its own (bench/FIGURES.md, "Figures, 2026-12-05 (issue 17,
 * tenth pass)"), a cost of the interleaving that no store pays on its own and that weighs most
 * on the faster side. Runs of ten still interleave every few milliseconds.
 */
export const RUN_LENGTH = 10;

/**
 * Writes of several sides alternated in runs of RUN_LENGTH, each write timed: the cost of an
 * fsync drifts with the machine's other disk traffic, and every side sees the same drift. The
 * side that goes first rotates with every run. `warmUpOf(writes)` writes first warm up and are
 * not counted, so the write numbers run from 0 to warmUpOf(writes) + writes - 1, each side
 * writing them in order. Answers the milliseconds each side spent in its `writes` counted
 * writes, in the order of `sides`.
 */
export async function alternatelyAll(
  writes: number,
  sides: readonly ((write: number) => Promise<unknown> | unknown)[],
): Promise<number[]> {
  const warmUp = warmUpOf(writes);
  const total = warmUp + writes;
  const spent = sides.map(() => 0);
  for (let run = 0; run * RUN_LENGTH < total; run++) {
    const first = run * RUN_LENGTH;
    const last = Math.min(total, first + RUN_LENGTH);
    for (let turn = 0; turn < sides.length; turn++) {
      const side = (run + turn) % sides.length;
      for (let write = first; write < last; write++) {
        const started = performance.now();
        await sides[side](write);
        if (write >= warmUp) spent[side] += performance.now() - started;
      }
    }
  }
  return spent;
}

/** `alternatelyAll` of the code under test and its baseline (the baseline first in even runs). */
export async function alternately(
  writes: number,
  measured: (write: number) => Promise<unknown> | unknown,
  baseline: (write: number) => Promise<unknown> | unknown,
): Promise<{ measuredMs: number; baselineMs: number }> {
  const [baselineMs, measuredMs] = await alternatelyAll(writes, [baseline, measured]);
  return { measuredMs, baselineMs };
}
