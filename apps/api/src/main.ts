/**
 * Starts the API: loads the configuration from the environment,
 * listens on its port, and closes cleanly on SIGTERM or SIGINT.
 */

import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { loadConfig } from '@app/runtime';

const logger = new Logger('main');
const config = loadConfig(process.env);
const app = await createApp(config);
await app.listen(config.port, '0.0.0.0');
logger.log(`listening on ${await app.getUrl()} (store: ${config.eventStore}, data: ${config.dataDir})`);

// Closing stops the HTTP server, lets accepted commands finish, then closes the stores; the
// process then exits 0 (Nest's own shutdown hooks would re-raise the signal instead).
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.log(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(1);
      },
    );
  });
}
