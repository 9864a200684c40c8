/**
 * Opens the read-model store: SQLite beside an embedded event
 * store, PostgreSQL whenever the event store is a server.
 */

import type { ReadModelStore } from './read-model-store.port.js';
import { PostgresReadModelStore } from './postgres/postgres-read-model-store.js';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store.js';

/**
 * Where the read models live. SQLite beside an embedded (SQLite) event store; PostgreSQL
 * whenever the event store is a server (postgres, eventstoredb), so that every API process
 * reads the same models.
 */
export type ReadModelStoreConfig =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | { readonly kind: 'postgres'; readonly connectionString?: string; readonly schema?: string };

export async function openReadModelStore(config: ReadModelStoreConfig): Promise<ReadModelStore> {
  switch (config.kind) {
    case 'sqlite':
      // Commits in a thread of their own: the API's event loop answers requests meanwhile.
      return SqliteReadModelStore.open({ dataDir: config.dataDir, writer: 'thread' });
    case 'postgres':
      return PostgresReadModelStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
      });
    default: {
      const unknownKind: never = config;
      throw new Error(`unknown read model store ${String(unknownKind)}`);
    }
  }
}
