/**
 * The manifest of a backup folder (`manifest.json`): what it holds, each file's SHA-256, the
 * log's head and the latest signed head in it. Restore checks every hash before it trusts a
 * file, so a backup damaged or edited in storage is refused before it reaches DATA_DIR.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChainPoint, SignedHead } from '@app/event-store';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'emulation-blocs-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackedUpFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: typeof BACKUP_FORMAT_VERSION;
  /** The application's version that took the backup. */
  readonly appVersion: string;
  readonly createdAt: string;
  /** The log's head in the copy, and how many events it holds. */
  readonly log: { readonly head: ChainPoint; readonly events: number };
  /** The latest signed head the copy's heads file holds; null before the first was signed. */
  readonly latestSignedHead: SignedHead | null;
  /** The secrets the backup holds (`auth-secret`, `audit-signing-key`, `webhook-secrets-key`): protect it as them. */
  readonly secrets: readonly string[];
  readonly files: readonly BackedUpFile[];
}

/** SHA-256 and size of a file, streamed. */
export async function describeFile(dir: string, name: string): Promise<BackedUpFile> {
  const path = join(dir, name);
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return { name, bytes: (await stat(path)).size, sha256: digest.digest('hex') };
}

/** Reads and checks the manifest's shape; throws one clear sentence when it is not one. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<BackupManifest>;
  } catch (error) {
    throw new Error(`${dir} holds no readable ${MANIFEST_FILE}: ${(error as Error).message}`);
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new Error(`${join(dir, MANIFEST_FILE)} is not a version ${BACKUP_FORMAT_VERSION} backup manifest`);
  }
  const files = manifest.files;
  const valid =
    Array.isArray(files) &&
    files.every(
      (file) =>
        typeof file?.name === 'string' &&
        /^[\w.-]+$/.test(file.name) &&
        typeof file.sha256 === 'string' &&
        Number.isSafeInteger(file.bytes),
    ) &&
    Number.isSafeInteger(manifest.log?.head?.position) &&
    typeof manifest.log?.head?.hash === 'string';
  if (!valid) throw new Error(`${join(dir, MANIFEST_FILE)} is malformed`);
  return manifest as BackupManifest;
}

/** Refuses the first file whose size or SHA-256 differs from the manifest's, or that is missing. */
export async function checkManifestFiles(dir: string, manifest: BackupManifest): Promise<void> {
  for (const expected of manifest.files) {
    let actual: BackedUpFile;
    try {
      actual = await describeFile(dir, expected.name);
    } catch {
      throw new Error(`${expected.name} is missing from the backup ${dir}`);
    }
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      throw new Error(`${expected.name} in ${dir} does not match its SHA-256 in the manifest: the backup was altered or damaged`);
    }
  }
}
