/**
 * The store of idempotency records, in SQLite beside the embedded event store or else in
 * PostgreSQL; the Fastify hooks that use it are registerIdempotency's (idempotency-hooks.ts).
 */

import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  IDEMPOTENCY_STORE,
  type IdempotencyStore,
  PostgresIdempotencyStore,
  SqliteIdempotencyStore,
} from '@app/runtime';

/** The embedded store keeps its answers beside it; the server stores keep them in PostgreSQL. */
export async function createIdempotencyStore(config: AppConfig): Promise<IdempotencyStore> {
  if (config.eventStore === 'sqlite') return new SqliteIdempotencyStore(config.dataDir);
  if (config.databaseUrl === undefined) {
    throw new Error(
      `EVENT_STORE=${config.eventStore} keeps idempotency records in PostgreSQL: set DATABASE_URL`,
    );
  }
  return PostgresIdempotencyStore.connect(config.databaseUrl);
}

@Module({
  providers: [{ provide: IDEMPOTENCY_STORE, useFactory: createIdempotencyStore, inject: [APP_CONFIG] }],
})
export class IdempotencyModule implements OnApplicationShutdown {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
