/**
 * The embedded deployment's online backup (`npm run backup -- --out DIR`), safe while the API
 * writes: each SQLite file of DATA_DIR is copied with SQLite's online backup API, which hands
 * over a consistent snapshot of the file whatever is being committed meanwhile; then the copy's
 * chain and signed heads are verified and the manifest written last, so a folder without a
 * manifest is never mistaken for a finished backup.
 *
 * The files are not copied at one instant, so the order matters: the log goes last. Every head
 * signed, every idempotency answer recorded and every checkpoint reached before its own file
 * was copied then refers to events the log's copy holds, and every command acknowledged before
 * the backup began is in it.
 */
import { copyFile, chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_EVENTS_FILE, SQLITE_HEADS_FILE, verifySqliteLogFiles } from '@app/event-store';
import { DATA_DIR_MODE, DATA_FILE_MODE } from '../config/data-dir.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  describeFile,
  MANIFEST_FILE,
} from './backup-manifest.js';

/** The generated secrets DATA_DIR may hold (absent when they come from the environment). */
export const SECRET_FILES = ['auth-secret', 'audit-signing-key', 'webhook-secrets-key'] as const;

export interface BackupOptions {
  readonly dataDir: string;
  /** A folder that does not exist yet or is empty. */
  readonly out: string;
  /** The key the heads are checked with (the deployment's). */
  readonly publicKey: KeyObject;
  /** Leave the generated secrets out (restore then needs AUTH_SECRET, AUDIT_SIGNING_KEY and WEBHOOK_SECRETS_KEY). */
  readonly withoutSecrets?: boolean;
  readonly appVersion?: string;
  readonly now?: () => Date;
}

export async function backupDataDir(options: BackupOptions): Promise<BackupManifest> {
  const { dataDir, out } = options;
  if (!existsSync(join(dataDir, SQLITE_EVENTS_FILE))) throw new Error(`${dataDir} holds no ${SQLITE_EVENTS_FILE}`);
  if (existsSync(out) && (await readdir(out)).length > 0) throw new Error(`${out} is not empty; give a new folder`);
  const createdAt = (options.now ?? (() => new Date()))().toISOString();
  await mkdir(out, { recursive: true, mode: DATA_DIR_MODE });
  await chmod(out, DATA_DIR_MODE);
  try {
    const databases = (await readdir(dataDir)).filter((name) => name.endsWith('.sqlite')).sort();
    // The log last: see above.
    const ordered = [...databases.filter((name) => name !== SQLITE_EVENTS_FILE), SQLITE_EVENTS_FILE];
    for (const name of ordered) await backupDatabase(join(dataDir, name), join(out, name));
    const secrets = options.withoutSecrets ? [] : SECRET_FILES.filter((name) => existsSync(join(dataDir, name)));
    for (const name of secrets) {
      await copyFile(join(dataDir, name), join(out, name));
      await chmod(join(out, name), DATA_FILE_MODE);
    }

    const { report, latestSignedHead } = await verifySqliteLogFiles({
      eventsFile: join(out, SQLITE_EVENTS_FILE),
      headsFile: join(out, SQLITE_HEADS_FILE),
      publicKey: options.publicKey,
    });
    if (!report.ok) {
      throw new Error(`the copy's log does not verify: ${report.reason} at position ${report.brokenAt}`);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: options.appVersion ?? 'unknown',
      createdAt,
      log: { head: report.head, events: report.checked },
      latestSignedHead: latestSignedHead ?? null,
      secrets,
      files: await Promise.all([...ordered, ...secrets].map((name) => describeFile(out, name))),
    };
    await writeFile(join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: DATA_FILE_MODE });
    return manifest;
  } catch (error) {
    // A half-made backup must not be taken for one.
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One database through SQLite's online backup. The first step copies a few pages; every later
 * step copies all that remain, so a commit by the API between steps (which restarts the
 * backup) cannot keep it from finishing. The copy is then made a self-contained file (rollback
 * journal, no WAL beside it) and narrowed to 0600.
 */
async function backupDatabase(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  await chmod(target, DATA_FILE_MODE);
}
