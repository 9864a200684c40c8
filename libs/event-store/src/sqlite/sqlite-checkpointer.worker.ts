/**
 * The WAL checkpointer thread (sqlite-checkpointer.ts): on a connection of its own to one file,
 * copies the write-ahead log back into the database every `intervalMs`, passively (it never
 * waits for the file's writer or readers), so that the connection that writes never does.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('sqlite-checkpointer.worker runs as a worker thread');
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file, { fileMustExist: true, timeout: 0 });
// This connection only checkpoints: it must not checkpoint by itself on a write either.
db.pragma('wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // SQLITE_BUSY (another checkpoint running): the next tick tries again.
  }
}, intervalMs);

port.on('message', (request: { readonly kind: 'close' }) => {
  if (request.kind !== 'close') return;
  clearInterval(timer);
  db.close();
  port.close();
});
port.postMessage({ kind: 'ready' });
