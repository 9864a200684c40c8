/** The health probes' answers: HealthAnswer, LivenessAnswer and ReadinessAnswer. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProjectionStatus } from '@app/projections';
import type { EventStoreKind } from '@app/runtime';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { Health } from './health.controller.js';
import type { Readiness } from './readiness.js';

const STORES = enumValues<EventStoreKind>()('sqlite', 'postgres', 'eventstoredb');
const READINESS = enumValues<Readiness['status']>()('ready', 'unavailable');

export class ProjectionStatusAnswer {
  @ApiProperty({ example: 'standings' })
  readonly name!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The checkpoint: the last log position applied' })
  readonly position!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Events in the log not applied yet' })
  readonly lag!: number;
}

export class HealthAnswer {
  @ApiProperty({ enum: ['ok'] })
  readonly status!: 'ok';

  @ApiProperty({ enum: STORES })
  readonly store!: string;

  @ApiProperty({ type: [ProjectionStatusAnswer] })
  readonly projections!: readonly ProjectionStatusAnswer[];
}

export class LivenessAnswer {
  @ApiProperty({ enum: ['ok'] })
  readonly status!: 'ok';
}

export class ReadinessAnswer {
  @ApiProperty({ enum: READINESS })
  readonly status!: Readiness['status'];

  @ApiPropertyOptional({ description: 'Why not ready' })
  readonly reason?: string;

  @ApiPropertyOptional({ type: [ProjectionStatusAnswer] })
  readonly projections?: readonly ProjectionStatusAnswer[];
}

sameShape<ProjectionStatus, ProjectionStatusAnswer>();
sameShape<Health, HealthAnswer>();
sameShape<Readiness, ReadinessAnswer>();
