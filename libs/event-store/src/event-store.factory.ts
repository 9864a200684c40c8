/**
 * Opens the configured event store. The configuration is a union discriminated by `kind`, so
 * each further adapter is one more member and one more case.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { SQLITE_EVENTS_FILE, SqliteEventStore, type SqliteWriterKind } from './sqlite/sqlite-event-store.js';

export interface SqliteEventStoreConfig {
  readonly kind: 'sqlite';
  /** Folder of the embedded store; the log is `<dataDir>/events.sqlite`. */
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly pollIntervalMs?: number;
  /** Where group commits run (SqliteEventStoreOptions.writer; default `adaptive`). */
  readonly writer?: SqliteWriterKind;
}

export interface PostgresEventStoreConfig {
  readonly kind: 'postgres';
  readonly connectionString: string;
  /** Schema of the log's tables (default `event_store`), apart from the read models'. */
  readonly schema?: string;
  readonly now?: () => Date;
  readonly pollIntervalMs?: number;
}

export interface EventStoreDbEventStoreConfig {
  readonly kind: 'eventstoredb';
  /** `esdb://host:2113?tls=false`, or a cluster: `esdb://a:2113,b:2113,c:2113`. */
  readonly connectionString: string;
}

export type EventStoreConfig =
  SqliteEventStoreConfig | PostgresEventStoreConfig | EventStoreDbEventStoreConfig;

export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      await mkdir(config.dataDir, { recursive: true });
      return SqliteEventStore.open({
        file: join(config.dataDir, SQLITE_EVENTS_FILE),
        now: config.now,
        pollIntervalMs: config.pollIntervalMs,
        writer: config.writer,
      });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
        now: config.now,
        pollIntervalMs: config.pollIntervalMs,
      });
    case 'eventstoredb': {
      // Loaded on demand: the gRPC client is heavy and only this deployment needs it.
      const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
      return EventStoreDbEventStore.open({ connectionString: config.connectionString });
    }
    default: {
      const unknownKind: never = config;
      throw new Error(`unknown event store kind ${JSON.stringify(unknownKind)}`);
    }
  }
}
