/** Keeps the data folder and the server's files in it to the server's user (0700 and 0600). */
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The data folder holds the record and the secrets: its owner alone may enter it... */
export const DATA_DIR_MODE = 0o700;
/** ...and read or write its files. */
export const DATA_FILE_MODE = 0o600;

/**
 * What the server keeps in the data folder: the SQLite files with their WAL, shared-memory
 * and journal files, and the generated secrets. Only these are narrowed: DATA_DIR may be set
 * to a folder that holds other things too.
 */
const DATA_FILE = /^(?:[\w.-]+\.sqlite(?:-wal|-shm|-journal)?|auth-secret|audit-signing-key)$/;

/** Whether a file name is one the server keeps in the data folder (see DATA_FILE). */
export function isServerDataFile(name: string): boolean {
  return DATA_FILE.test(name);
}

/** Something could not be narrowed (e.g. a mounted folder owned by another user). */
export type Warn = (message: string) => void;

/**
 * Creates the data folder with mode 0700, or narrows an existing one to it. Runs before any
 * store opens, so no file of the server is ever reachable by another user, whatever the
 * umask gives the files themselves.
 */
export function prepareDataDir(dataDir: string, warn: Warn): void {
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  narrow(dataDir, DATA_DIR_MODE, warn);
}

/**
 * Narrows the server's files in the data folder to 0600, once the stores have created them.
 * SQLite creates a database's WAL and shared-memory files later with the database file's own
 * mode, so those stay 0600 too.
 */
export function restrictDataFiles(dataDir: string, warn: Warn): void {
  if (!existsSync(dataDir)) return;
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    // Symbolic links are skipped: chmod would narrow their targets, which are not ours.
    if (entry.isFile() && DATA_FILE.test(entry.name)) narrow(join(dataDir, entry.name), DATA_FILE_MODE, warn);
  }
}

function narrow(path: string, mode: number, warn: Warn): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    warn(`could not set mode ${mode.toString(8)} on ${path}: ${(error as Error).message}`);
  }
}
