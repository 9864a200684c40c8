/**
 * The signed heads of the embedded store, in a SQLite file of their own beside the log
 * (`<DATA_DIR>/audit-heads.sqlite`): replacing or editing events.sqlite leaves them in place.
 */
import type Database from 'better-sqlite3';
import { openDurableDatabase } from './sqlite-database.js';
import type { SignedHead, SignedHeadRead, SignedHeadStore } from '../signed-head.js';
import {
  assertSignedHeadRead,
  HEAD_COLUMNS,
  type HeadRow,
  headValues,
  toSignedHead,
} from '../signed-head-rows.js';

/** The heads' file in the data folder. */
export const SQLITE_HEADS_FILE = 'audit-heads.sqlite';

export class SqliteSignedHeadStore implements SignedHeadStore {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare<[number, string, string, string, string, string]>(
        `INSERT INTO signed_heads (${HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING`,
      ),
      latest: db.prepare<[], HeadRow>(
        `SELECT ${HEAD_COLUMNS} FROM signed_heads ORDER BY position DESC LIMIT 1`,
      ),
      all: db.prepare<[], HeadRow>(`SELECT ${HEAD_COLUMNS} FROM signed_heads ORDER BY position`),
      forwards: db.prepare<[number, number], HeadRow>(
        `SELECT ${HEAD_COLUMNS} FROM signed_heads WHERE position >= ? ORDER BY position LIMIT ?`,
      ),
      backwards: db.prepare<[number, number], HeadRow>(
        `SELECT ${HEAD_COLUMNS} FROM signed_heads WHERE position <= ? ORDER BY position DESC LIMIT ?`,
      ),
    };
  }

  static open(file: string): SqliteSignedHeadStore {
    // Heads are not secret, but nobody but the server has any business writing them: 0600.
    const db = openDurableDatabase(file);
    try {
      db.exec(`
        CREATE TABLE IF NOT EXISTS signed_heads (
          position    INTEGER PRIMARY KEY,
          hash        TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          signed_at   TEXT NOT NULL,
          key_id      TEXT NOT NULL,
          signature   TEXT NOT NULL
        ) STRICT;
      `);
      return new SqliteSignedHeadStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(head: SignedHead): Promise<void> {
    this.statements.insert.run(...headValues(head));
  }

  async latest(): Promise<SignedHead | undefined> {
    const row = this.statements.latest.get();
    return row && toSignedHead(row);
  }

  async all(): Promise<SignedHead[]> {
    return this.statements.all.all().map(toSignedHead);
  }

  async read(options: SignedHeadRead): Promise<SignedHead[]> {
    const { from, direction, maxCount } = assertSignedHeadRead(options);
    return this.statements[direction].all(from, maxCount).map(toSignedHead);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
