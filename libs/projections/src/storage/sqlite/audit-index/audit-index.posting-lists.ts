/**
 * The audit index's posting lists as a search reads them: ascending positions that seek
 * forward one stored chunk at a time, unions of lists, and their intersection by leapfrogging.
 */
import { decode } from './audit-index.codec.js';
import type { ChunkRow, Statement } from './audit-index.tables.js';

/** An ascending list of positions that can skip forward. */
export interface PostingList {
  /** The smallest position ≥ `position` in the list, or undefined past its end. */
  seek(position: number): number | undefined;
}

/** A list read with its chunks' times (they are stored for the list of every event only). */
export interface TimedList extends PostingList {
  /** The time of `position`, which the last seek returned. */
  timeAt(position: number): number;
  /** The smallest position ≥ `position` not in a chunk whose times all fall outside [from, to]. */
  skipOutside(position: number, from: number, to: number): number | undefined;
}

interface Chunk {
  readonly last: number;
  readonly positions: Float64Array;
  /** Epoch milliseconds of each position's `recordedAt` (the list of every event only). */
  readonly times?: Float64Array;
  /** The range of `times`. */
  readonly earliest: number;
  readonly latest: number;
}

/** One shard of a term's list, read from storage one chunk at a time as the seeks move forward. */
export class TermList implements TimedList {
  private current?: Chunk;
  private index = 0;
  private exhausted = false;

  constructor(
    private readonly statement: Statement,
    private readonly term: number,
    private readonly shard: number,
  ) {}

  seek(position: number): number | undefined {
    if (this.exhausted) return undefined;
    if (this.current === undefined || this.current.last < position) {
      const row = this.statement(
        'SELECT last, earliest, latest, positions, times FROM audit_postings' +
          ' WHERE term = ? AND shard = ? AND last >= ? ORDER BY last LIMIT 1',
      ).get(this.term, this.shard, position) as ChunkRow | undefined;
      this.load(row);
    }
    return this.exhausted ? undefined : this.within(position);
  }

  skipOutside(position: number, from: number, to: number): number | undefined {
    const next = this.seek(position);
    if (next === undefined) return undefined;
    const chunk = this.current!;
    if (chunk.latest >= from && chunk.earliest <= to) return next;
    // The next chunk with a time in range, found by its columns: its blobs are read only then.
    const row = this.statement(
      'SELECT last, earliest, latest, positions, times FROM audit_postings' +
        ' WHERE term = ? AND shard = ? AND last > ? AND latest >= ? AND earliest <= ? ORDER BY last LIMIT 1',
    ).get(this.term, this.shard, chunk.last, from, to) as ChunkRow | undefined;
    this.load(row);
    return this.exhausted ? undefined : this.within(chunk.last + 1);
  }

  timeAt(position: number): number {
    const chunk = this.current!;
    if (chunk.positions[this.index] !== position || chunk.times === undefined) {
      throw new Error(`audit index: no time stored for position ${position}`);
    }
    return chunk.times[this.index];
  }

  private load(row: ChunkRow | undefined): void {
    if (row === undefined) {
      this.exhausted = true;
      return;
    }
    this.current = {
      last: row.last,
      positions: decode(row.positions),
      times: row.times === null ? undefined : decode(row.times),
      earliest: row.earliest ?? -Infinity,
      latest: row.latest ?? Infinity,
    };
    this.index = 0;
  }

  /** The smallest position ≥ `position` in the current chunk, whose last is ≥ `position`. */
  private within(position: number): number {
    const positions = this.current!.positions;
    // Seeks only move forward: search from where the last one stopped.
    let low = this.index;
    let high = positions.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (positions[middle] < position) low = middle + 1;
      else high = middle;
    }
    this.index = low;
    return positions[low];
  }
}

/** Positions in any of the lists (the types asked for, the lists of a bloc). */
export class AnyOf<List extends PostingList> implements PostingList {
  /** The list the last seek's answer came from. */
  protected answeredBy?: List;

  constructor(protected readonly lists: readonly List[]) {}

  seek(position: number): number | undefined {
    let lowest: number | undefined;
    for (const list of this.lists) {
      const found = list.seek(position);
      if (found !== undefined && (lowest === undefined || found < lowest)) {
        lowest = found;
        this.answeredBy = list;
      }
    }
    return lowest;
  }
}

/** The shards of one list, read as one list; with times when the shards have them. */
export class AnyShardOf extends AnyOf<TimedList> implements TimedList {
  skipOutside(position: number, from: number, to: number): number | undefined {
    let lowest: number | undefined;
    for (const list of this.lists) {
      const found = list.skipOutside(position, from, to);
      if (found !== undefined && (lowest === undefined || found < lowest)) lowest = found;
    }
    return lowest;
  }

  timeAt(position: number): number {
    if (this.answeredBy === undefined) throw new Error(`audit index: position ${position} was not sought`);
    return this.answeredBy.timeAt(position);
  }
}

/** The smallest position ≥ `from` found in every list. */
export function leapfrog(lists: readonly PostingList[], from: number): number | undefined {
  let candidate = from;
  for (let agreeing = 0, index = 0; agreeing < lists.length; index = (index + 1) % lists.length) {
    const found = lists[index].seek(candidate);
    if (found === undefined) return undefined;
    if (found === candidate) agreeing++;
    else {
      candidate = found;
      agreeing = 1;
    }
  }
  return candidate;
}
