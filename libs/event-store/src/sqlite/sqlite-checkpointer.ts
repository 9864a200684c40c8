/**
 * Checkpoints a SQLite file's write-ahead log from a thread of its own. SQLite checkpoints in
 * the connection whose commit fills the log past `wal_autocheckpoint` pages (1,000 by default):
 * that commit copies the log into the database and syncs both, inside the caller's synchronous
 * call. For a connection on the event loop that is a stall: the read models' commits of the 50
 * blocs took 5–7 ms, and every fourth one 11–19 ms (bench/FIGURES.md, "Figures, 2026-12-05, sixth pass").
 *
 * `startCheckpointer` turns the connection's own checkpoints off and starts a thread that
 * checkpoints passively every `intervalMs`; should the thread stop, the connection checkpoints
 * by itself again, so that the log never grows without bound.
 */
import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { closeStoreThread, spawnStoreThread } from './sqlite-store-thread.js';

/** SQLite's default: a checkpoint once the log holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 200;

export interface Checkpointer {
  /** Stops the thread; the connection checkpoints by itself again. */
  close(): Promise<void>;
}

/** `db` is the connection that writes `file` (in WAL mode); answers once the thread is ready. */
export async function startCheckpointer(
  db: Database.Database,
  file: string,
  intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS,
): Promise<Checkpointer> {
  let stopped = false;
  const resume = (): void => {
    stopped = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  const thread: Promise<Worker> = spawnStoreThread({
    module: 'sqlite-checkpointer.worker',
    name: 'checkpointer',
    workerData: { file, intervalMs },
    answered: () => undefined,
    stopped: resume,
  });
  await thread;
  // Unless the thread stopped already (then the connection goes on checkpointing by itself).
  if (!stopped) db.pragma('wal_autocheckpoint = 0');
  return {
    async close(): Promise<void> {
      resume();
      await closeStoreThread(thread);
    },
  };
}
