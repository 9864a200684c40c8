/**
 * The idempotency records in `<DATA_DIR>/api.sqlite`, beside the embedded event store, a key
 * serialised by an in-process mutex.
 */

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  assertRecordLimit,
  type HeldKey,
  type IdempotencyRecord,
  type IdempotencyRecordCursor,
  IdempotencyRecordConflictError,
  type IdempotencyStore,
  sameAnswer,
  type StoredIdempotencyRecord,
} from './idempotency.port.js';
import { KeyedMutex } from '../concurrency/keyed-mutex.js';
import { openDurableDatabase } from '@app/event-store/sqlite';

interface Row {
  request_hash: string;
  status_code: number;
  body: string;
}

interface StoredRow extends Row {
  principal: string;
  key: string;
  recorded_at: string;
}

/** A stored row as the record it keeps. */
function recordOf(principal: string, key: string, row: Row): IdempotencyRecord {
  return {
    principal,
    key,
    requestHash: row.request_hash,
    statusCode: row.status_code,
    body: JSON.parse(row.body),
  };
}

/** The embedded store's file in the data folder. */
export const IDEMPOTENCY_FILE = 'api.sqlite';

const STORED_COLUMNS = 'principal, key, request_hash, status_code, body, recorded_at';

/**
 * Keeps the answers in `<DATA_DIR>/api.sqlite`, beside the embedded event store. One API
 * process owns a data folder, so the in-process mutex is enough to serialise a key.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly mutex = new KeyedMutex();
  private readonly selectRecord: Database.Statement<[string, string], Row>;
  private readonly insertRecord: Database.Statement<[string, string, string, number, string, string]>;
  private readonly firstRecords: Database.Statement<[number], StoredRow>;
  private readonly recordsAfter: Database.Statement<[string, string, number], StoredRow>;

  constructor(dataDir: string) {
    // A recorded answer must survive a power cut as surely as the events it reports; it names
    // principals and holds command results: 0600 from the start.
    this.db = openDurableDatabase(join(dataDir, IDEMPOTENCY_FILE));
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_record (
      principal    TEXT NOT NULL,
      key          TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status_code  INTEGER NOT NULL,
      body         TEXT NOT NULL,
      recorded_at  TEXT NOT NULL,
      PRIMARY KEY (principal, key)
    ) WITHOUT ROWID`);
    this.selectRecord = this.db.prepare(
      'SELECT request_hash, status_code, body FROM idempotency_record WHERE principal = ? AND key = ?',
    );
    this.insertRecord = this.db.prepare(
      `INSERT INTO idempotency_record (principal, key, request_hash, status_code, body, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.firstRecords = this.db.prepare(
      `SELECT ${STORED_COLUMNS} FROM idempotency_record ORDER BY principal, key LIMIT ?`,
    );
    this.recordsAfter = this.db.prepare(
      `SELECT ${STORED_COLUMNS} FROM idempotency_record WHERE (principal, key) > (?, ?) ORDER BY principal, key LIMIT ?`,
    );
  }

  exclusive<T>(principal: string, key: string, work: (held: HeldKey) => Promise<T>): Promise<T> {
    return this.mutex.run(`${principal}\u0000${key}`, () =>
      work({
        find: () => this.find(principal, key),
        save: async (answer) => this.save({ principal, key, ...answer }),
      }),
    );
  }

  async find(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.selectRecord.get(principal, key);
    return row && recordOf(principal, key, row);
  }

  async readRecords(
    after: IdempotencyRecordCursor | undefined,
    limit: number,
  ): Promise<StoredIdempotencyRecord[]> {
    assertRecordLimit(limit);
    const rows =
      after === undefined
        ? this.firstRecords.all(limit)
        : this.recordsAfter.all(after.principal, after.key, limit);
    return rows.map((row) => ({ ...recordOf(row.principal, row.key, row), recordedAt: row.recorded_at }));
  }

  async importRecords(records: readonly StoredIdempotencyRecord[]): Promise<number> {
    // One synchronous transaction: no request's hold interleaves with it.
    return this.db.transaction(() => {
      let added = 0;
      for (const record of records) {
        const held = this.selectRecord.get(record.principal, record.key);
        if (held === undefined) {
          this.save(record, record.recordedAt);
          added++;
        } else if (!sameAnswer(recordOf(record.principal, record.key, held), record)) {
          throw new IdempotencyRecordConflictError(record);
        }
      }
      return added;
    })();
  }

  private save(record: IdempotencyRecord, recordedAt = new Date().toISOString()): void {
    this.insertRecord.run(
      record.principal,
      record.key,
      record.requestHash,
      record.statusCode,
      JSON.stringify(record.body),
      recordedAt,
    );
  }

  async close(): Promise<void> {
    // Answers being recorded are written before the file closes.
    await this.mutex.idle();
    if (this.db.open) this.db.close();
  }
}
