/** The Nest module that provides the loaded configuration and narrows the data folder. */
import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './app.config.js';
import { prepareDataDir, restrictDataFiles } from './data-dir.js';

const logger = new Logger('DataDir');
const warn = (message: string): void => logger.warn(message);

/**
 * Makes the loaded configuration injectable everywhere as APP_CONFIG, and keeps the data
 * folder to the server's user: 0700 before any store opens, its files 0600 once they exist.
 */
@Global()
@Module({})
export class ConfigModule implements OnApplicationBootstrap {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  static forRoot(config: AppConfig): DynamicModule {
    // The embedded stores write there; the server stores only when it already exists (secrets).
    if (config.eventStore === 'sqlite') prepareDataDir(config.dataDir, warn);
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }

  /** After every module's init: the stores have created their files by now. */
  onApplicationBootstrap(): void {
    restrictDataFiles(this.config.dataDir, warn);
  }
}
