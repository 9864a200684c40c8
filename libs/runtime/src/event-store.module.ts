/** Opens the configured event store: the one EVENT_STORE of a process, closed on its shutdown. */
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  createEventStore,
  EVENT_STORE,
  type EventStore,
  type EventStoreConfig,
} from '@app/event-store';
import { ConfigError, type AppConfig } from './config/app.config.js';

/** The event store's configuration: EVENT_STORE and its connection setting. */
export function eventStoreConfig(config: AppConfig): EventStoreConfig {
  switch (config.eventStore) {
    case 'sqlite':
      return { kind: 'sqlite', dataDir: config.dataDir, writer: config.sqliteWriter };
    case 'postgres':
      if (config.databaseUrl === undefined) throw new ConfigError('EVENT_STORE=postgres needs DATABASE_URL');
      return { kind: 'postgres', connectionString: config.databaseUrl };
    case 'eventstoredb':
      if (config.eventStoreConnectionString === undefined) {
        throw new ConfigError('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
      }
      return { kind: 'eventstoredb', connectionString: config.eventStoreConnectionString };
  }
}

/** Opens the store the application is configured with. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  return createEventStore(eventStoreConfig(config));
}

/** Provides the one EVENT_STORE of the application, and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(config) }],
      exports: [EVENT_STORE],
    };
  }

  /** Runs after the modules that write (global modules shut down last), so no append is cut off. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
