/**
 * Runs the projection engine in a process: opens the read models' storage, starts the engine
 * after the application's start and stops it before any store closes.
 */
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import {
  isConcurrentProjectorError,
  openReadModelStore,
  type Pacing,
  PROJECTION_ENGINE,
  ProjectionEngine,
  READ_MODEL_STORE,
  type ReadModelStore,
  type ReadModelStoreConfig,
} from '@app/projections';
import { APP_CONFIG, type AppConfig } from './config/app.config.js';

/**
 * Where the read models live: beside the embedded log in DATA_DIR, or in PostgreSQL whenever
 * the log is on a server, so that every API process and the projector share one copy.
 */
export function readModelStoreConfig(config: AppConfig): ReadModelStoreConfig {
  if (config.eventStore === 'sqlite') return { kind: 'sqlite', dataDir: config.dataDir };
  if (config.databaseUrl === undefined) {
    throw new Error(`EVENT_STORE=${config.eventStore} keeps the read models in PostgreSQL: set DATABASE_URL`);
  }
  return { kind: 'postgres', connectionString: config.databaseUrl };
}

const logger = new Logger('Projections');

/**
 * The read models' storage and the projection engine feeding it, for the API and the
 * projector alike. The engine runs in this process unless PROJECTIONS=off (a separate
 * projector feeds the shared models then); either way it answers `waitForPosition` from the
 * stored checkpoints.
 */
@Module({})
export class ProjectionEngineModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROJECTION_ENGINE) private readonly engine: ProjectionEngine,
    @Inject(READ_MODEL_STORE) private readonly storage: ReadModelStore,
  ) {}

  /**
   * `pacing`: how the live projector spaces its commits while no query waits (default
   * DEFAULT_PACING, for a process whose thread also serves commands: at most a tenth of it).
   */
  static forRoot(config: AppConfig, pacing?: Partial<Pacing>): DynamicModule {
    return {
      module: ProjectionEngineModule,
      providers: [
        { provide: READ_MODEL_STORE, useFactory: () => openReadModelStore(readModelStoreConfig(config)) },
        {
          provide: PROJECTION_ENGINE,
          useFactory: (store: EventStore, readModels: ReadModelStore) =>
            new ProjectionEngine({
              store,
              readModels,
              pacing,
              // The engine retries on its own; the log says why the read models stand still.
              onError: (error) =>
                isConcurrentProjectorError(error)
                  ? logger.warn(
                      `another process advanced the read models (${(error as Error).message}): reloading and resuming`,
                    )
                  : logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error)),
            }),
          inject: [EVENT_STORE, READ_MODEL_STORE],
        },
      ],
      exports: [READ_MODEL_STORE, PROJECTION_ENGINE],
    };
  }

  onApplicationBootstrap(): void {
    if (this.config.projections === 'off') return;
    this.engine.start();
  }

  /** Before any module closes its connections: the engine may be applying a batch. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.config.projections === 'off') return;
    await this.engine.stop();
    logger.log('stopped projecting: the last batch is committed and the projector lock released');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
