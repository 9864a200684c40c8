/**
 * Runs the deadline process manager beside the projections: in the projector, and in an API
 * process that projects (PROJECTIONS=on). Every such process competes for the deadline lock;
 * one at a time holds it and tracks the deadlines.
 */
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig, DEFAULT_DEADLINE_TICK_MS } from '../config/app.config.js';
import { DeadlineProcess } from './deadline-process.js';
import { postgresProcessLock, type ProcessLock, sqliteProcessLock } from './process-lock.js';

/** Injection token of this process's DeadlineProcess. */
export const DEADLINE_PROCESS = Symbol('DEADLINE_PROCESS');

const LOCK_NAME = 'deadline-process-manager';
const logger = new Logger('Deadlines');

/** The lock every process of the deployment shares: in PostgreSQL when there is one, else in DATA_DIR. */
export function deadlineLock(config: AppConfig, retryMs: number): ProcessLock {
  if (config.eventStore === 'sqlite') return sqliteProcessLock(config.dataDir, LOCK_NAME, retryMs);
  if (config.databaseUrl === undefined) {
    throw new Error(
      `EVENT_STORE=${config.eventStore} keeps the deadline lock in PostgreSQL: set DATABASE_URL`,
    );
  }
  return postgresProcessLock(config.databaseUrl, LOCK_NAME, retryMs);
}

@Module({})
export class DeadlineProcessModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_PROCESS) private readonly process: DeadlineProcess,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const tickMs = config.deadlineTickMs ?? DEFAULT_DEADLINE_TICK_MS;
    return {
      module: DeadlineProcessModule,
      providers: [
        {
          provide: DEADLINE_PROCESS,
          useFactory: (store: EventStore) =>
            new DeadlineProcess({
              store,
              lock: deadlineLock(config, tickMs),
              clock: Date.now,
              tickMs,
              onError: (error) =>
                logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)),
              onActive: (active) =>
                logger.log(
                  active ? 'holds the deadline lock: tracking deadlines' : 'released the deadline lock',
                ),
            }),
          inject: [EVENT_STORE],
        },
      ],
      exports: [DEADLINE_PROCESS],
    };
  }

  onApplicationBootstrap(): void {
    if (this.config.projections === 'off') return;
    this.process.start();
  }

  /** Before the store closes: a tick may be appending. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.process.stop();
  }
}
