/**
 * store:copy's third part: the idempotency records, which the log does not hold (the first
 * answer to every command sent with an Idempotency-Key), copied once the log is. Without them a
 * client retrying across the switch gets its command found by its causation id and not run
 * again, but not its first answer, and a key reused with another request is no longer refused.
 *
 * The SQLite end's records are `api.sqlite` in its data folder; the PostgreSQL end's, the
 * `api_idempotency_record` table the API uses (schema `public`). Records are read in pages, in
 * (principal, key) order, and each page is imported in one transaction: a record the target
 * holds already with the same answer is passed over (a copy run again), one it holds with
 * another answer stops the copy (the target is not a copy of this source). The source is only
 * read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IdempotencyStore } from '../idempotency/idempotency.port.js';
import { PostgresIdempotencyStore } from '../idempotency/postgres-idempotency.store.js';
import { IDEMPOTENCY_FILE, SqliteIdempotencyStore } from '../idempotency/sqlite-idempotency.store.js';
import type { StoreEndpoint } from './store-endpoint.js';

/** Records per page read from the source and imported into the target in one transaction. */
export const IDEMPOTENCY_COPY_PAGE = 500;

export interface IdempotencyCopyReport {
  /** Records the source holds. */
  readonly records: number;
  /** Of those, the ones the target did not hold yet. */
  readonly copied: number;
}

export async function copyIdempotencyRecords(options: {
  readonly from: StoreEndpoint;
  readonly to: StoreEndpoint;
  readonly pageSize?: number;
}): Promise<IdempotencyCopyReport> {
  const { from, to, pageSize = IDEMPOTENCY_COPY_PAGE } = options;
  // A SQLite source that never answered a keyed command has nothing to copy (and is not created).
  if (from.kind === 'sqlite' && !existsSync(join(from.dataDir, IDEMPOTENCY_FILE)))
    return { records: 0, copied: 0 };
  const source = await openIdempotency(from);
  try {
    const target = await openIdempotency(to);
    try {
      let records = 0;
      let copied = 0;
      for (let page = await source.readRecords(undefined, pageSize); page.length > 0;) {
        copied += await target.importRecords(page);
        records += page.length;
        page = await source.readRecords(page.at(-1), pageSize);
      }
      return { records, copied };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

function openIdempotency(endpoint: StoreEndpoint): Promise<IdempotencyStore> {
  return endpoint.kind === 'sqlite'
    ? Promise.resolve(new SqliteIdempotencyStore(endpoint.dataDir))
    : PostgresIdempotencyStore.connect(endpoint.connectionString);
}
