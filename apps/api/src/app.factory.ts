/**
 * Builds the application, not yet listening, for main.ts, the e2e tests and the benchmark:
 * Fastify's body limit, correlation ids, body shape, rate limit, idempotency, the /api prefix, error answers,
 * validation and the OpenAPI docs.
 */

import { type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { TokenVerifier } from './auth/token.verifier.js';
import { type AppConfig, IDEMPOTENCY_STORE, type IdempotencyStore, NestPinoLogger } from '@app/runtime';
import { registerBodyShape } from './http/body-shape.js';
import { registerUploads } from './documents/uploads.js';
import { registerErrorCode } from './http/error-code.js';
import { ApiMetrics } from './metrics/api-metrics.js';
import { registerCommandMetrics } from './metrics/command-metrics.js';
import { ErrorFilter } from './http/error.filter.js';
import { registerRateLimit } from './http/rate-limit.js';
import { registerIdempotency } from './idempotency/idempotency-hooks.js';
import { registerCorrelationId } from './http/request-context.js';
import { loggerOptions } from './logging/logger-options.js';
import { registerRequestLog } from './logging/request-log.js';
import type { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { createValidationPipe } from './http/validation.pipe.js';
import { confineNodeFlagsToMainThread } from './node-flags.js';
import { registerWebConsole } from './web-console/web-console.js';

/** The largest body a command may carry; Fastify refuses more with 413 before parsing. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  /**
   * Nest's log levels, mapped onto pino's (the most verbose one listed); tests and benchmarks
   * pass `['error']` to keep their output readable. Absent: the configuration's LOG_LEVEL.
   */
  readonly logger?: LogLevel[] | false;
  /** Where the JSON log lines go (the log specs capture them); stdout by default. */
  readonly logDestination?: Writable | DestinationStream;
  /**
   * Serve the OpenAPI UI at /docs (default). The UI's assets go through @fastify/static, which
   * Jest's ESM mode cannot load, so e2e specs turn it off; /docs-json is always served.
   */
  readonly docsUi?: boolean;
  /**
   * Serve the web console at `/` (default) from this build folder (default: `config.webDir`). Jest's
   * ESM mode cannot load @fastify/static either, so the in-process e2e specs turn it off.
   */
  readonly webConsole?: boolean | { readonly root: string };
}

/** Builds the application (not yet listening): used by main.ts, the e2e tests and the benchmark. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  confineNodeFlagsToMainThread();
  const level = pinoLevelOf(options.logger) ?? config.logLevel ?? 'info';
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      ...loggerOptions({ level, destination: options.logDestination }),
    }),
    // Nest's lines wait until its logger is Fastify's pino (useLogger below). Commands are
    // JSON: Nest's parsers would add application/x-www-form-urlencoded beside Fastify's own
    // JSON parser (the same one, with the same prototype-poisoning refusals), and a form's
    // null-prototype object then reached the handlers and the Idempotency-Key's hash (a 500).
    // Without them a form body is 415, as text/plain is (body-shape.ts).
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  app.useLogger(new NestPinoLogger(fastify.log));
  registerRequestLog(fastify);
  registerCorrelationId(fastify);
  registerBodyShape(fastify);
  await registerUploads(app);
  registerErrorCode(fastify);
  registerCommandMetrics(fastify, app.get(ApiMetrics));
  await registerRateLimit(app, config.rateLimitPerMinute ?? 0, app.get(TokenVerifier));
  registerIdempotency(fastify, app.get<IdempotencyStore>(IDEMPOTENCY_STORE), app.get(TokenVerifier));
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(createValidationPipe());

  // The OpenAPI description is built on its first request, not at start: built, it and what
  // building it loads stay in memory (6–15 MiB of the API's resident memory at rest, measured),
  // and most processes never serve it.
  const describe = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Emulation blocs (khối thi đua)')
        .setDescription(
          'The annual cycle of emulation blocs, recorded as events: commands, standings, audit.',
        )
        .setVersion('1')
        // package.json is private with no licence: npm's UNLICENSED, which the linked page defines.
        .setLicense('UNLICENSED', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
        .addServer('/', 'This server')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
    );
  SwaggerModule.setup('docs', app, describe, {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled: options.docsUi ?? true,
  });
  const webConsole = options.webConsole ?? true;
  if (webConsole !== false) {
    await registerWebConsole(fastify, webConsole === true ? config.webDir : webConsole.root);
  }
  return app;
}

const PINO_LEVELS: Readonly<Record<LogLevel, string>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/** The pino level that shows what these Nest levels show: the most verbose one listed. */
function pinoLevelOf(levels: LogLevel[] | false | undefined): string | undefined {
  if (levels === undefined) return undefined;
  if (levels === false || levels.length === 0) return 'silent';
  const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
  return PINO_LEVELS[order.find((level) => levels.includes(level)) ?? 'fatal'];
}
