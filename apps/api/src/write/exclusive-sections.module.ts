/**
 * The write side's exclusive sections, for a command that reads one stream and appends to
 * another: taken in PostgreSQL beside the server stores, whose API may run as several
 * processes; in the process on the embedded store, whose API is one process.
 */
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  EXCLUSIVE_SECTIONS,
  type ExclusiveSections,
  InProcessExclusiveSections,
  PostgresExclusiveSections,
} from '@app/runtime';

/** Chosen as the idempotency store is: the embedded store's in the process, the server stores' in PostgreSQL. */
export async function openExclusiveSections(config: AppConfig): Promise<ExclusiveSections> {
  if (config.eventStore === 'sqlite') return new InProcessExclusiveSections();
  if (config.databaseUrl === undefined) {
    throw new Error(
      `EVENT_STORE=${config.eventStore} takes exclusive sections across API processes in PostgreSQL: set DATABASE_URL`,
    );
  }
  return PostgresExclusiveSections.connect(config.databaseUrl);
}

@Module({
  providers: [{ provide: EXCLUSIVE_SECTIONS, useFactory: openExclusiveSections, inject: [APP_CONFIG] }],
  exports: [EXCLUSIVE_SECTIONS],
})
export class ExclusiveSectionsModule implements OnApplicationShutdown {
  constructor(@Inject(EXCLUSIVE_SECTIONS) private readonly sections: ExclusiveSections) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sections.close();
  }
}
