/**
 * Reads one part of the embedded log for the parallel rebuild of read models: the events of
 * the streams a LogPartition gives to one worker, as a replay reads them.
 */
import type Database from 'better-sqlite3';
import type { ReplayedEvent } from '../event-store.port.js';
import { assertLogPartition, type LogPartition, partOf } from '../log-partition.js';

/** A row as a partition read returns it: the metadata's actor subject and schema version only. */
type ReplayedRow = [
  position: number,
  type: string,
  data: string,
  actor: string,
  schemaVersion: number | null,
  recordedAt: string,
];

export interface PartitionRead {
  readonly after: number;
  readonly upTo: number;
  readonly maxCount: number;
  readonly partition: LogPartition;
}

export class SqliteLogPartitionReader {
  /** The partition temp.partition_streams holds the streams of, and up to which position. */
  private partitionStreams?: {
    readonly partition: LogPartition;
    readonly upTo: number;
    readonly read: Database.Statement<[number, number, number], ReplayedRow>;
  };

  constructor(private readonly db: Database.Database) {}

  /**
   * The events of one part of the log (see LogPartition) after `after` and up to `upTo`, in
   * position order, at most `maxCount`, as a replay reads them (ReplayedEvent: SQLite takes
   * the actor's subject and the schema version out of the metadata, which is not parsed). The
   * key of each stream is computed once, into a temporary table of the part's streams; SQLite
   * then keeps the part's rows by that table as it scans, so the rows of other parts never
   * reach JavaScript: N readers of N parts parse the log once between them (each still scans
   * the whole table).
   */
  read(options: PartitionRead): ReplayedEvent[] {
    const { partition } = options;
    assertLogPartition(partition);
    if (this.partitionStreams?.partition !== partition || this.partitionStreams.upTo < options.upTo) {
      this.selectPartitionStreams(partition, options.upTo);
    }
    return this.partitionStreams!.read.all(options.after, options.upTo, options.maxCount).map(
      toReplayedEvent,
    );
  }

  /** Fills temp.partition_streams with the streams of `partition` that hold events up to `upTo`. */
  private selectPartitionStreams(partition: LogPartition, upTo: number): void {
    const streams = this.db
      .prepare<[number], string>('SELECT DISTINCT stream_id FROM events WHERE position <= ?')
      .pluck()
      .all(upTo);
    this.db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS partition_streams (stream_id TEXT PRIMARY KEY) WITHOUT ROWID',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM temp.partition_streams').run();
      const insert = this.db.prepare('INSERT INTO temp.partition_streams (stream_id) VALUES (?)');
      for (const streamId of streams) {
        if (partOf(partition.keyOf(streamId), partition.parts) === partition.part) insert.run(streamId);
      }
    })();
    const read = this.db
      .prepare<[number, number, number], ReplayedRow>(
        "SELECT position, type, data, metadata ->> '$.actor.sub', metadata ->> '$.schemaVersion', recorded_at" +
          ' FROM events WHERE position > ? AND position <= ?' +
          ' AND +stream_id IN temp.partition_streams ORDER BY position LIMIT ?',
      )
      .raw();
    this.partitionStreams = { partition, upTo, read };
  }
}

function toReplayedEvent([
  position,
  type,
  data,
  actor,
  schemaVersion,
  recordedAt,
]: ReplayedRow): ReplayedEvent {
  return {
    position,
    type,
    data: JSON.parse(data),
    metadata: { actor: { sub: actor }, schemaVersion: schemaVersion ?? undefined },
    recordedAt,
  };
}
