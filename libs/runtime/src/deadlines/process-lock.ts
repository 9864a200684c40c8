/**
 * A lock held by one process at a time across every process of a deployment, released by the
 * operating system or the database when its holder dies: a PostgreSQL session advisory lock
 * (as the projector's), or, on the embedded store, an exclusive SQLite transaction on a lock
 * file in DATA_DIR (SQLite's file locks die with their process).
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { abortablePause, acquireAdvisoryLock } from '@app/projections';
import Database from 'better-sqlite3';
import { DATA_FILE_MODE } from '../config/data-dir.js';

export interface HeldLock {
  /** Settles when the lock is lost (its connection died): the holder must stop. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface ProcessLock {
  /** Waits until this caller holds the lock, or rejects with the signal's reason once it aborts. */
  acquire(signal: AbortSignal): Promise<HeldLock>;
}

/** A session advisory lock named `name`, taken on its own connection (outside any pool). */
export function postgresProcessLock(connectionString: string, name: string, retryMs: number): ProcessLock {
  return { acquire: (signal) => acquireAdvisoryLock(connectionString, name, retryMs, signal) };
}

/** An exclusive transaction on `<dataDir>/<name>.lock`, held open while the lock is held. */
export function sqliteProcessLock(dataDir: string, name: string, retryMs: number): ProcessLock {
  const path = join(dataDir, `${name}.lock`);
  return {
    async acquire(signal) {
      const db = new Database(path, { timeout: 0 });
      // Before the first transaction: SQLite gives the journal the database file's mode.
      chmodSync(path, DATA_FILE_MODE);
      try {
        for (;;) {
          signal.throwIfAborted();
          try {
            db.exec('BEGIN EXCLUSIVE');
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
          }
          await abortablePause(retryMs, signal);
        }
      } catch (error) {
        db.close();
        throw error;
      }
      return {
        // A file lock is lost only with its process.
        lost: new Promise<void>(() => undefined),
        release: async () => {
          db.exec('ROLLBACK');
          db.close();
        },
      };
    },
  };
}
