/**
 * Opens the store of signed heads: a SQLite file of its own in the data folder, or a
 * PostgreSQL table of its own (for the server stores, whose API may run on several machines).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PostgresSignedHeadStore } from './postgres/postgres-signed-head-store.js';
import type { SignedHeadStore } from './signed-head.js';
import { SQLITE_HEADS_FILE, SqliteSignedHeadStore } from './sqlite/sqlite-signed-head-store.js';

export type SignedHeadStoreConfig =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema?: string };

export async function createSignedHeadStore(config: SignedHeadStoreConfig): Promise<SignedHeadStore> {
  if (config.kind === 'sqlite') {
    await mkdir(config.dataDir, { recursive: true });
    return SqliteSignedHeadStore.open(join(config.dataDir, SQLITE_HEADS_FILE));
  }
  return PostgresSignedHeadStore.open(config);
}
