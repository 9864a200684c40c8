/**
 * Puts a backup folder back as DATA_DIR (`npm run restore -- --from DIR [--force]`): the
 * manifest's hashes first, then the chain and signed heads of the copy, and only then the
 * files, into a DATA_DIR that is empty (or, with `force`, whose server files are removed
 * first). The read models are rebuilt afterwards by the caller (restore.ts), from the log.
 */
import { chmod, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  auditSigningKeyFromPem,
  SQLITE_EVENTS_FILE,
  SQLITE_HEADS_FILE,
  verifySqliteLogFiles,
} from '@app/event-store';
import { DATA_DIR_MODE, DATA_FILE_MODE, isServerDataFile } from '../config/data-dir.js';
import { type BackupManifest, checkManifestFiles, readManifest } from './backup-manifest.js';

export interface RestoreOptions {
  readonly from: string;
  readonly dataDir: string;
  /** Replace the server's files an existing DATA_DIR holds. */
  readonly force?: boolean;
  /**
   * The deployment's signing key (AUDIT_SIGNING_KEY, PKCS#8 PEM) when it does not come from
   * the backup: the heads are checked with it.
   */
  readonly auditSigningKeyPem?: string;
}

export async function restoreDataDir(options: RestoreOptions): Promise<BackupManifest> {
  const { from, dataDir } = options;
  const manifest = await readManifest(from);
  await checkManifestFiles(from, manifest);
  const keyFile = join(from, 'audit-signing-key');
  const pem = options.auditSigningKeyPem ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : undefined);
  if (pem === undefined) {
    throw new Error('the backup holds no signing key: set AUDIT_SIGNING_KEY to the deployment key to check its heads');
  }
  const { report } = await verifySqliteLogFiles({
    eventsFile: join(from, SQLITE_EVENTS_FILE),
    headsFile: join(from, SQLITE_HEADS_FILE),
    publicKey: auditSigningKeyFromPem(pem).publicKey,
  });
  if (!report.ok) throw new Error(`the backup's log does not verify: ${report.reason} at position ${report.brokenAt}`);
  if (report.head.position !== manifest.log.head.position || report.head.hash !== manifest.log.head.hash) {
    throw new Error(`the backup's log ends at ${report.head.position}, not at the manifest's head ${manifest.log.head.position}`);
  }

  const existing = existsSync(dataDir) ? await readdir(dataDir) : [];
  if (existing.length > 0 && !options.force) {
    throw new Error(`${dataDir} is not empty; restore into an empty DATA_DIR, or add --force to replace its files`);
  }
  await mkdir(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  await chmod(dataDir, DATA_DIR_MODE);
  // Only the server's own files: DATA_DIR may hold other things.
  for (const name of existing) if (isServerDataFile(name)) await rm(join(dataDir, name), { force: true });
  for (const { name } of manifest.files) {
    await copyFile(join(from, name), join(dataDir, name));
    await chmod(join(dataDir, name), DATA_FILE_MODE);
  }
  return manifest;
}
