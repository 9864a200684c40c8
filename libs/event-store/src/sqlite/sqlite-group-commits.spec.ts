import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { QueuedAppend } from '../append-queue.js';
import type { AppendOutcome, StampedAppend } from './sqlite-group-commit.js';
import { SqliteGroupCommits } from './sqlite-group-commits.js';
import type { SqliteGroupWriter } from './sqlite-writer.js';

/** A writer whose groups are answered by the spec, one call at a time. */
class HeldWriter implements SqliteGroupWriter {
  readonly groups: string[][] = [];
  /** The groups not answered yet, oldest first: their size, and how to answer them. */
  private readonly answers: {
    size: number;
    resolve: (outcomes: AppendOutcome[]) => void;
    reject: (error: Error) => void;
  }[] = [];

  write(group: readonly StampedAppend[]): Promise<AppendOutcome[]> {
    this.groups.push(group.map((append) => append.streamId));
    return new Promise((resolve, reject) => this.answers.push({ size: group.length, resolve, reject }));
  }

  /** Answers the oldest unanswered group: every append written, positions from `position`. */
  written(position: number): void {
    const { size, resolve } = this.answers.shift()!;
    resolve(
      Array.from({ length: size }, (_, n) => ({
        result: { nextExpectedRevision: 0, position: position + n },
        written: true,
      })),
    );
  }

  failed(): void {
    this.answers.shift()!.reject(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }));
  }

  async close(): Promise<void> {}
}

const append = (streamId: string): QueuedAppend => ({
  streamId,
  expectedRevision: 'no_stream',
  events: [{ id: randomUUID(), type: 'Tested', dataJson: '{}', metadataJson: '{}' }],
});

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SqliteGroupCommits, one group in flight', () => {
  let db: Database.Database;
  let writer: HeldWriter;
  let commits: SqliteGroupCommits;

  beforeEach(() => {
    db = new Database(':memory:');
    // What the store reads after a failed group: whether an append was written by an earlier attempt.
    db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT, stream_id TEXT, revision INTEGER)');
    writer = new HeldWriter();
    commits = new SqliteGroupCommits(
      db,
      writer,
      () => new Date(),
      () => undefined,
    );
  });

  afterEach(() => {
    db.close();
  });

  it('sends the appends queued during a commit as the next group once that commit’s appends are answered', async () => {
    const first = commits.append(append('a'));
    await nextTurn();
    expect(writer.groups).toEqual([['a']]);
    const queued = [commits.append(append('b')), commits.append(append('c'))];
    await nextTurn();
    // The first group is still in flight: the others wait.
    expect(writer.groups).toEqual([['a']]);

    writer.written(1);
    await first;
    // Answered first: what its appenders (and the requests that arrive meanwhile) queue in this
    // turn goes with the next group.
    expect(writer.groups).toEqual([['a']]);
    const late = commits.append(append('d'));
    await nextTurn();
    expect(writer.groups).toEqual([['a'], ['b', 'c', 'd']]);
    writer.written(2);
    expect(await Promise.all([...queued, late])).toEqual([
      { nextExpectedRevision: 0, position: 2 },
      { nextExpectedRevision: 0, position: 3 },
      { nextExpectedRevision: 0, position: 4 },
    ]);
  });

  it('settles a failed group before the next goes, then sends it', async () => {
    const first = commits.append(append('a'));
    await nextTurn();
    const next = commits.append(append('b'));

    writer.failed();
    await expect(first).rejects.toThrow('disk I/O error');
    expect(writer.groups).toEqual([['a']]);
    await nextTurn();
    expect(writer.groups).toEqual([['a'], ['b']]);
    writer.written(1);
    expect(await next).toEqual({ nextExpectedRevision: 0, position: 1 });
  });
});
