/** HonourAnswer: one entry of the honours register, as `GET /api/honours` lists it. */
import { ApiProperty } from '@nestjs/swagger';
import type { Award } from '@app/domain';
import { sameShape } from '../../http/openapi/same-shape.js';
import { AWARD_VALUES } from '../answers/award.js';
import type { HonourView } from './honours-register.js';

export class HonourAnswer {
  @ApiProperty()
  readonly nominationId!: string;

  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty()
  readonly unitName!: string;

  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty()
  readonly province!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty({ enum: AWARD_VALUES })
  readonly award!: Award;

  @ApiProperty({ description: "The conferring decision's number" })
  readonly decisionNo!: string;

  @ApiProperty({ description: 'The date of the conferring decision' })
  readonly decidedOn!: string;

  @ApiProperty({ description: 'Annulled honours stay in the register, marked' })
  readonly annulled!: boolean;
}

sameShape<HonourView, HonourAnswer>();
