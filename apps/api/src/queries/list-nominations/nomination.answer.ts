/** NominationAnswer: one nomination, as `GET /api/nominations` lists it. */
import { ApiProperty } from '@nestjs/swagger';
import type { Award, DossierDocument, DossierDocumentKind, NominationStatus } from '@app/domain';
import type { NominationStepView } from '@app/projections';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';
import { AWARD_VALUES } from '../answers/award.js';
import type { NominationView } from './nomination-list.js';

type StepType = NominationStepView['type'];

export class DossierDocumentAnswer {
  @ApiProperty({
    enum: enumValues<DossierDocumentKind>()(
      'submission',
      'minutes',
      'achievement-report',
      'score-sheet',
      'other',
    ),
  })
  readonly kind!: DossierDocumentKind;

  @ApiProperty()
  readonly title!: string;

  @ApiProperty({ pattern: '^[0-9a-f]{64}$' })
  readonly sha256!: string;
}

export class NominationStepAnswer {
  @ApiProperty({
    enum: enumValues<StepType>()(
      'NominationSubmitted',
      'NominationReturned',
      'NominationResubmitted',
      'NominationForwarded',
      'CouncilVoted',
      'HonourConferred',
      'HonourAnnulled',
    ),
  })
  readonly type!: StepType;

  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ description: 'The principal who took the step' })
  readonly by!: string;

  @ApiProperty({ required: false, description: 'Given where the step has a reason' })
  readonly reason?: string;
}

export class NominationAnswer {
  @ApiProperty()
  readonly nominationId!: string;

  @ApiProperty()
  readonly blocId!: string;

  @ApiProperty({ type: 'integer' })
  readonly year!: number;

  @ApiProperty()
  readonly unitId!: string;

  @ApiProperty()
  readonly unitName!: string;

  @ApiProperty()
  readonly province!: string;

  @ApiProperty({ enum: AWARD_VALUES })
  readonly award!: Award;

  @ApiProperty({
    enum: enumValues<NominationStatus>()(
      'submitted',
      'returned',
      'forwarded',
      'approved',
      'rejected',
      'conferred',
      'annulled',
    ),
  })
  readonly status!: NominationStatus;

  @ApiProperty({ type: [DossierDocumentAnswer], description: 'The dossier as last (re)submitted' })
  readonly documents!: readonly DossierDocumentAnswer[];

  @ApiProperty({ type: [NominationStepAnswer] })
  readonly history!: readonly NominationStepAnswer[];
}

sameShape<DossierDocument, DossierDocumentAnswer>();
sameShape<NominationStepView, NominationStepAnswer>();
sameShape<NominationView, NominationAnswer>();
