/**
 * Child script of driver-loading.e2e-spec.ts: starts the API (createApp) and the projector's
 * application context on the configuration the environment gives, lets them run a moment,
 * closes them, and prints which database drivers the process loaded (`pg`), as one JSON line.
 * With `--then-postgres-driver`, it then asks for the PostgreSQL driver and prints again.
 */
import { createRequire } from 'node:module';
import { NestFactory } from '@nestjs/core';
import { pgDriver } from '@app/event-store';
import { loadConfig } from '@app/runtime';
import { createApp } from '../../apps/api/src/app.factory.js';
import { ProjectorModule } from '../../apps/projector/src/projector.module.js';

const loadedModules = createRequire(import.meta.url).cache;
const report = (stage: string): void => {
  const pg = Object.keys(loadedModules).filter((file) => /[/\\]node_modules[/\\]pg[/\\]/.test(file)).length;
  console.log(JSON.stringify({ stage, pgModules: pg }));
};

const config = loadConfig(process.env);
const api = await createApp(config, { logger: false, webConsole: false });
await api.listen(0, '127.0.0.1');
const projector = await NestFactory.createApplicationContext(
  ProjectorModule.forRoot({ ...config, projections: 'on' }),
  { logger: false },
);
await new Promise((resolve) => setTimeout(resolve, 500));
await projector.close();
await api.close();
report('ran');
if (process.argv.includes('--then-postgres-driver')) {
  pgDriver();
  report('asked');
}
