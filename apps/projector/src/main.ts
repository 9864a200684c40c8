/**
 * The projector (`npm run start:projector`): feeds the read models from the log for API
 * processes running with PROJECTIONS=off. Any number may run; with PostgreSQL exactly one
 * applies the log at a time (an advisory lock) and another takes over when it dies.
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PROJECTION_ENGINE, type ProjectionEngine } from '@app/projections';
import { loadConfig, NestPinoLogger, processLogger } from '@app/runtime';
import { ProjectorModule } from './projector.module.js';

/** How often the process checks whether it holds the projector lock, to log the change. */
const LOCK_REPORT_INTERVAL_MS = 250;

const logger = new Logger('Projector');
const config = loadConfig(process.env);
// This process exists to project, whatever PROJECTIONS says for the API processes.
const app = await NestFactory.createApplicationContext(
  ProjectorModule.forRoot({ ...config, projections: 'on' }),
  // Nest's lines wait until its logger is the process's pino (useLogger below).
  { bufferLogs: true, abortOnError: false },
);
// JSON lines at LOG_LEVEL, as the API writes them (libs/runtime/src/logging).
app.useLogger(new NestPinoLogger(processLogger({ level: config.logLevel ?? 'info' })));
// Nest stops the engine (after its current batch) and closes the stores, then exits.
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

const engine = app.get<ProjectionEngine>(PROJECTION_ENGINE);
logger.log(`started (store: ${config.eventStore}); waiting for the projector lock`);
let projecting = false;
setInterval(() => {
  if (engine.isProjecting === projecting) return;
  projecting = engine.isProjecting;
  logger.log(
    projecting ? 'holds the projector lock: applying the log' : 'no longer holds the projector lock',
  );
}, LOCK_REPORT_INTERVAL_MS).unref();
