/**
 * GET /api/health, /api/health/live and /api/health/ready: the public probes of the process, the
 * store it uses and its read models' lag.
 */

import { applyDecorators, Controller, Get, HttpStatus, Inject, Logger, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PROJECTION_ENGINE, type ProjectionEngine, type ProjectionStatus } from '@app/projections';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/auth.decorators.js';
import { ErrorAnswer } from '../../http/openapi/error.answer.js';
import { ApiCorrelationId } from '../query-responses.decorator.js';
import { HealthAnswer, LivenessAnswer, ReadinessAnswer } from './health.answer.js';
import { type Readiness, readinessOf, unreachable } from './readiness.js';

/** How long readiness waits for the event store and the read models to answer. */
export const READY_TIMEOUT_MS = 2_000;

export interface Health {
  readonly status: 'ok';
  readonly store: string;
  readonly projections: readonly ProjectionStatus[];
}

/**
 * Operational probes, outside the query bus on purpose: they describe the process, not the
 * record, and must answer without a token.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_ENGINE) private readonly engine: ProjectionEngine,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The event store in use and how far each read model has got', security: [] })
  @ApiProbeResponses()
  @ApiOkResponse({
    type: HealthAnswer,
    description: '{status: "ok", store, projections: [{name, position, lag}]}',
  })
  async health(): Promise<Health> {
    return { status: 'ok', store: this.store.name, projections: await this.engine.status() };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers', security: [] })
  @ApiProbeResponses()
  @ApiOkResponse({ type: LivenessAnswer, description: '{status: "ok"}' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the event store answers and the read models keep up with the log',
    security: [],
  })
  @ApiProbeResponses()
  @ApiOkResponse({ type: ReadinessAnswer, description: '{status: "ready", projections}' })
  @ApiServiceUnavailableResponse({
    type: ReadinessAnswer,
    description: '{status: "unavailable", reason, projections?}',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    let readiness: Readiness;
    try {
      // The status reads the log's head and the stored checkpoints: both stores must answer.
      readiness = readinessOf(await withTimeout(this.engine.status(), READY_TIMEOUT_MS));
    } catch (error) {
      this.logger.error(
        `readiness: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      readiness = unreachable();
    }
    if (readiness.status !== 'ready') void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}

/**
 * What every probe documents besides its answer: no token (`security: []` on the operation
 * overrides the document's default), and the one refusal a probe can give, a malformed
 * X-Correlation-Id (400), since the probes are never rate-limited.
 */
function ApiProbeResponses(): MethodDecorator {
  return applyDecorators(
    ApiCorrelationId(),
    ApiResponse({
      status: 400,
      description: 'VALIDATION_FAILED: a malformed X-Correlation-Id',
      type: ErrorAnswer,
    }),
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
