/**
 * A copy of the embedded store's files checked where it lies, read-only: a backup's or a
 * restore's `events.sqlite` and `audit-heads.sqlite` are walked and their signed heads checked
 * exactly as `audit:verify` does, without opening them as a store (which would switch them to
 * WAL and write to the copy being checked).
 */
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import Database from 'better-sqlite3';
import type { IntegrityReport } from '../event-store.port.js';
import { CHAIN_COLUMNS, toStoredChainRow, type ChainRow } from '../event-rows.js';
import { type ChainPageReader, verifyChain } from '../hash-chain.js';
import { checkSignedHeads, type SignedHead } from '../signed-head.js';
import { HEAD_COLUMNS, type HeadRow, toSignedHead } from '../signed-head-rows.js';

export interface LogFilesReport {
  readonly report: IntegrityReport;
  /** The latest signed head the heads file holds, undefined when it holds none. */
  readonly latestSignedHead?: SignedHead;
}

/** Walks the log file's chain and checks every head of the heads file (which may be absent). */
export async function verifySqliteLogFiles(options: {
  readonly eventsFile: string;
  readonly headsFile: string;
  readonly publicKey: KeyObject;
}): Promise<LogFilesReport> {
  const heads = readSignedHeadsFile(options.headsFile);
  const db = new Database(options.eventsFile, { readonly: true, fileMustExist: true });
  try {
    const walk = await verifyChain(chainPages(db), { keep: heads.map((head) => head.position) });
    return { report: checkSignedHeads(walk, heads, options.publicKey), latestSignedHead: heads.at(-1) };
  } finally {
    db.close();
  }
}

/** Reads the events file's chain page by page, as verifyChain walks it. */
export function chainPages(db: Database.Database): ChainPageReader {
  const page = db
    .prepare<[number, number], ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
    .raw();
  return async (after, limit) => page.all(after, limit).map(toStoredChainRow);
}

/** Every signed head a heads file keeps, in position order; none when the file is absent. */
export function readSignedHeadsFile(file: string): SignedHead[] {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], HeadRow>(`SELECT ${HEAD_COLUMNS} FROM signed_heads ORDER BY position`).all().map(toSignedHead);
  } finally {
    db.close();
  }
}
