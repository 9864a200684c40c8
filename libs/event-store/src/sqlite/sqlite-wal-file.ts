/**
 * The events file's write-ahead log, zero-filled ahead of the commits that will write it.
 *
 * SQLite appends each commit's pages to the `-wal` file, and in WAL mode it deletes that file
 * when the last connection closes: a store opened again starts with an empty log, which every
 * commit then makes longer until the first checkpoint lets SQLite write from its start again.
 * On a journaling file system (ext4 here) the fsync of a commit that made the file longer must
 * also commit the file's new size and blocks to the journal, a second flush; a commit that
 * writes over blocks the file already has needs only its own. Measured with raw better-sqlite3
 * on this machine's ext4, one-row commits at synchronous=FULL: 278 µs each while the log grew,
 * 150–160 µs once it was written over (bench/FIGURES.md, "Figures, 2026-12-05 (issue 17, fifth pass)").
 *
 * So the first write transaction of a connection fills the log with zeros up to the size it
 * reaches between two automatic checkpoints, with a margin, and syncs them, unless it is that
 * long already. PostgreSQL does the same with its WAL segments (`wal_init_zero`). SQLite reads
 * zeros past the last commit as the end of the log: a frame counts only when its header carries
 * the log header's salt and a matching checksum, and a log whose header is zeros holds no frames
 * (the state it is in after SQLite itself starts writing from the top again, old frames behind).
 *
 * It must run inside a write transaction (BEGIN IMMEDIATE): that holds SQLite's write lock, so
 * no connection of any process appends frames meanwhile, and every frame committed so far lies
 * below the file's current end, which is where the zeros start.
 */
import { closeSync, fdatasyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** A WAL file's header, then each frame's header before its page (SQLite's file format). */
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
/** How much longer than one autocheckpoint's frames: a commit may end past the threshold. */
const MARGIN = 1.25;
/** The zeros are written this much at a time. */
const ZEROS_PER_WRITE = 1 << 20;

/** The size the log is filled to: the frames of one autocheckpoint interval, with the margin. */
export function walPreallocationBytes(pageSize: number, autocheckpointPages: number): number {
  return WAL_HEADER_BYTES + Math.ceil(autocheckpointPages * MARGIN) * (FRAME_HEADER_BYTES + pageSize);
}

/**
 * Zero-fills `db`'s write-ahead log up to walPreallocationBytes, from its current end; answers
 * how many bytes it added (0 when it was long enough, for an in-memory database, or with
 * automatic checkpoints off, when no size bounds the log). Throws outside a write transaction.
 */
export function preallocateWal(db: Database.Database): number {
  if (db.memory) return 0;
  if (!db.inTransaction) throw new Error('preallocateWal runs inside a write transaction');
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (!(autocheckpoint > 0)) return 0;
  const target = walPreallocationBytes(db.pragma('page_size', { simple: true }) as number, autocheckpoint);
  const fd = openSync(`${db.name}-wal`, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size >= target) return 0;
    // Allocated here, not when the module loads: most processes that load it never fill a log.
    const zeros = Buffer.alloc(Math.min(ZEROS_PER_WRITE, target - size));
    for (let at = size; at < target; ) at += writeSync(fd, zeros, 0, Math.min(zeros.length, target - at), at);
    fdatasyncSync(fd);
    return target - size;
  } finally {
    // SQLite holds no lock on the -wal file itself (its locks are on the database file and the
    // -shm file), so closing this descriptor releases none of the connection's locks.
    closeSync(fd);
  }
}
