/** One end of a store copy: a log and its signed heads, on SQLite (a data folder) or PostgreSQL. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createSignedHeadStore,
  PostgresEventStore,
  type RecordedEventImporter,
  type EventStore,
  type SignedHeadStore,
  SQLITE_EVENTS_FILE,
  SqliteEventStore,
} from '@app/event-store';
import { prepareDataDir, restrictDataFiles } from '../config/data-dir.js';

export type StoreEndpoint =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      /** The log's schema (default `event_store`) and the heads' (default `audit`). */
      readonly schema?: string;
      readonly headsSchema?: string;
    };

export interface OpenedEndpoint {
  readonly store: EventStore & RecordedEventImporter;
  readonly heads: SignedHeadStore;
  close(): Promise<void>;
}

/** Opens the endpoint's log and heads; a source must exist (a SQLite source is never created). */
export async function openEndpoint(endpoint: StoreEndpoint, role: 'source' | 'target'): Promise<OpenedEndpoint> {
  let store: EventStore & RecordedEventImporter;
  let heads: SignedHeadStore;
  if (endpoint.kind === 'sqlite') {
    const file = join(endpoint.dataDir, SQLITE_EVENTS_FILE);
    if (role === 'source' && !existsSync(file)) throw new Error(`${endpoint.dataDir} holds no ${SQLITE_EVENTS_FILE} to copy`);
    // A new data folder gets the server's modes from the start (0700); its files are narrowed on close.
    if (role === 'target') prepareDataDir(endpoint.dataDir, () => undefined);
    heads = await createSignedHeadStore({ kind: 'sqlite', dataDir: endpoint.dataDir });
    store = await SqliteEventStore.open({ file });
  } else {
    heads = await createSignedHeadStore({ kind: 'postgres', connectionString: endpoint.connectionString, schema: endpoint.headsSchema });
    try {
      store = await PostgresEventStore.open({ connectionString: endpoint.connectionString, schema: endpoint.schema });
    } catch (error) {
      await heads.close();
      throw error;
    }
  }
  return {
    store,
    heads,
    close: async () => {
      await Promise.all([store.close(), heads.close()]);
      if (endpoint.kind === 'sqlite' && role === 'target') restrictDataFiles(endpoint.dataDir, () => undefined);
    },
  };
}

/** Where an endpoint is, for messages: never a password. */
export function describeEndpoint(endpoint: StoreEndpoint): string {
  if (endpoint.kind === 'sqlite') return `sqlite ${endpoint.dataDir}`;
  const url = new URL(endpoint.connectionString);
  url.password = '';
  return `postgres ${url.host}${url.pathname}${endpoint.schema ? ` (schema ${endpoint.schema})` : ''}`;
}
