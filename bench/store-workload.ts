/**
 * The workload both store benchmarks (SQLite and PostgreSQL) write and read, so that their
 * figures compare the same events.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { EventMetadata, NewEvent } from '@app/event-store';

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

/** A ScoreAwarded-like event of the size the product writes (~400 bytes). */
export function scoreAwarded(n: number): NewEvent {
  return {
    id: randomUUID(),
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
