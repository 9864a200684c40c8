/**
 * Emmett's SQLite event store (`@event-driven-io/emmett-sqlite`), set up to be compared with
 * ours fairly: ONE connection shared by every operation, WAL, `synchronous = FULL` (set, then
 * read back), its own schema on its own file.
 *
 * Why not `getSQLiteEventStore({ fileName })`: for a file, that store opens a new connection
 * for each call and closes it when the call ends (only in-memory databases keep theirs). Every
 * append would then pay for opening the file, and the `synchronous` pragma, which belongs to a
 * connection, could not be set. Concurrent appends also break it: a call that ends closes the
 * connection another call is still using (SQLITE_MISUSE "Database is closed", and SQLITE_BUSY
 * between the connections). So the benchmark calls the same functions that store calls, which
 * the package exports, on one `sqliteConnection`: `createEventStoreSchema`, `appendToStream`
 * (with `expectedStreamVersion`), `readStream`, and for the whole log `readMessagesBatch`, the
 * paging read that Emmett's own consumers use (its EventStore interface has no read of all
 * events).
 *
 * On a shared connection Emmett's transactions nest: an append that starts while another is in
 * its transaction joins it (`withTransaction` counts the nesting), so concurrent appenders share
 * commits. That is Emmett's behaviour with one connection, measured as it is.
 */
import type { Event } from '@event-driven-io/emmett';
import {
  appendToStream,
  createEventStoreSchema,
  readMessagesBatch,
  readStream,
  type SQLiteConnection,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import type { NewEvent } from '@app/event-store';

/** `PRAGMA synchronous` levels, as SQLite reports them. */
const SYNCHRONOUS_FULL = 2;

export type EmmettEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

/**
 * The same event as Emmett takes it: the same type, data and metadata, so the same JSON is
 * written. Emmett chooses the message id itself and adds the stream name, message id and stream
 * position to the metadata.
 */
export function toEmmettEvent(event: NewEvent): EmmettEvent {
  return {
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { ...event.metadata },
  };
}

/** The stream type `getSQLiteEventStore` derives from a stream name: its part before the first `-`. */
function streamTypeOf(streamName: string): string {
  const [first, ...rest] = streamName.split('-');
  return first && rest.length > 0 ? first : 'emt:unknown';
}

export class EmmettLog {
  private constructor(
    private readonly connection: SQLiteConnection,
    private readonly file: string,
  ) {}

  /** Opens (or creates) `file` on one connection: WAL and FULL set and checked, schema created. */
  static async open(file: string): Promise<EmmettLog> {
    const connection = sqliteConnection({ fileName: file });
    const log = new EmmettLog(connection, file);
    try {
      // sqliteConnection sends `PRAGMA journal_mode = WAL` without waiting for it, and sqlite3
      // runs statements in parallel, so it may land after ours: set WAL here too, then FULL,
      // and check both once the schema is in place, when Emmett's own pragma has run.
      const mode = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
      if (mode?.journal_mode !== 'wal')
        throw new Error(`${file}: SQLite refused WAL mode for Emmett (${String(mode?.journal_mode)})`);
      await connection.command('PRAGMA synchronous = FULL');
      await createEventStoreSchema(connection);
      await log.checkDurability();
      return log;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** Throws unless the connection is in WAL mode with synchronous FULL. */
  async checkDurability(): Promise<void> {
    const mode = await this.connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
    const level = await this.connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    if (mode?.journal_mode !== 'wal' || level?.synchronous !== SYNCHRONOUS_FULL)
      throw new Error(
        `${this.file}: Emmett's connection has journal_mode ${String(mode?.journal_mode)} and synchronous ${String(level?.synchronous)}, not wal and FULL (${SYNCHRONOUS_FULL})`,
      );
  }

  /**
   * Appends with an expected stream version: Emmett counts a stream's events, so a new stream
   * is at version 0 (Emmett then inserts the stream row, which fails if the stream exists) and
   * a stream of n events at version n. Answers the stream's new version.
   */
  async append(streamName: string, events: EmmettEvent[], expectedStreamVersion: bigint): Promise<bigint> {
    const result = await appendToStream(this.connection, streamName, streamTypeOf(streamName), events, {
      expectedStreamVersion,
    });
    if (!result.success)
      throw new Error(`Emmett refused the append to ${streamName} at version ${expectedStreamVersion}`);
    return result.nextStreamPosition;
  }

  /** Reads a whole stream (data and metadata parsed); answers how many events it had. */
  async readStream(streamName: string): Promise<number> {
    const { events } = await readStream(this.connection, streamName);
    return events.length;
  }

  /** Reads the whole log in pages of `pageSize`, oldest first (data and metadata parsed). */
  async readAll(pageSize: number): Promise<number> {
    let after = 0n;
    let count = 0;
    for (;;) {
      const page = await readMessagesBatch(this.connection, { after, batchSize: pageSize });
      count += page.messages.length;
      if (!page.areEventsLeft) return count;
      after = page.currentGlobalPosition;
    }
  }

  /** Checks that the settings held for the whole run, then closes the connection. */
  async close(): Promise<void> {
    try {
      await this.checkDurability();
    } finally {
      this.connection.close();
    }
  }
}
