/** DeadlineAnswer: one deadline and each member's progress, as `GET …/deadlines` lists it. */
import { ApiProperty } from '@nestjs/swagger';
import type { DeadlineKind } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import type { DeadlineProgress, UnitProgress } from './deadline-progress.js';

export class UnitProgressAnswer {
  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty()
  readonly done!: boolean;

  @ApiProperty({ description: 'Done after the deadline, or not done and the deadline has passed' })
  readonly late!: boolean;
}

export class DeadlineAnswer {
  @ApiProperty({
    enum: enumValues<DeadlineKind>()('signing', 'reporting', 'self-assessment', 'review', 'nomination'),
  })
  readonly kind!: DeadlineKind;

  @ApiProperty({ type: String, nullable: true, description: 'The reporting period; null for the others' })
  readonly period!: string | null;

  @ApiProperty({ description: 'The due instant' })
  readonly due!: string;

  @ApiProperty({ enum: enumValues<DeadlineProgress['status']>()('open', 'passed') })
  readonly status!: 'open' | 'passed';

  @ApiProperty({ type: [UnitProgressAnswer] })
  readonly units!: readonly UnitProgressAnswer[];
}

sameShape<UnitProgress, UnitProgressAnswer>();
sameShape<DeadlineProgress, DeadlineAnswer>();
