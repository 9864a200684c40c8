/** AuditPageAnswer: one page of the audit trail, as `GET /api/audit` answers it. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Actor, EventMetadata, RecordedEvent } from '@app/event-store';
import type { Actor as Principal } from '@app/domain';
import type { AuditPage } from '@app/projections';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const ACTOR_ROLES = enumValues<Actor['role']>()('board', 'unit', 'auditor', 'system');

export class AuditActorAnswer {
  @ApiProperty()
  readonly sub!: string;

  @ApiPropertyOptional()
  readonly name?: string;

  @ApiProperty({ enum: ACTOR_ROLES, description: '`system` for what the server writes by itself' })
  readonly role!: Actor['role'];

  @ApiPropertyOptional({ description: 'For role unit' })
  readonly unit?: string;

  @ApiPropertyOptional({ description: 'The province a board or auditor is scoped to; absent: national' })
  readonly province?: string;
}

export class EventMetadataAnswer {
  @ApiProperty({ type: AuditActorAnswer })
  readonly actor!: AuditActorAnswer;

  @ApiProperty({ description: 'Ties together every event a client action caused' })
  readonly correlationId!: string;

  @ApiProperty({ description: 'The command that wrote the event' })
  readonly causationId!: string;

  @ApiPropertyOptional()
  readonly reason?: string;

  @ApiPropertyOptional({ type: 'integer', description: "Version of the event's data schema; 1 when absent" })
  readonly schemaVersion?: number;
}

export class AuditEventAnswer {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ example: 'cycle-kg-khoi-4-2017' })
  readonly streamId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: '0-based position within its stream' })
  readonly revision!: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: '1-based position in the global log' })
  readonly position!: number;

  @ApiProperty({ example: 'ScoreAwarded' })
  readonly type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's facts; their fields depend on `type` (DOMAIN.md)",
  })
  readonly data!: unknown;

  @ApiProperty({ type: EventMetadataAnswer })
  readonly metadata!: EventMetadataAnswer;

  @ApiProperty({ format: 'date-time', description: 'When the store recorded it (UTC, milliseconds)' })
  readonly recordedAt!: string;
}

export class AuditPageAnswer {
  @ApiProperty({ type: [AuditEventAnswer], description: 'In log order' })
  readonly items!: readonly AuditEventAnswer[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Pass as `after` for the following page; null on the last',
  })
  readonly next!: number | null;
}

sameShape<Actor, AuditActorAnswer>();
// The metadata holds the domain's actor as the command carried it (province included).
sameShape<Principal, AuditActorAnswer>();
sameShape<EventMetadata, EventMetadataAnswer>();
sameShape<RecordedEvent, AuditEventAnswer>();
sameShape<AuditPage, AuditPageAnswer>();
