/** FrameworkAnswer: a cycle's scoring framework (contents and their criteria), as answers show it. */
import { ApiProperty } from '@nestjs/swagger';
import type { Content, Criterion, CriterionKind, Framework } from '@app/domain';
import { enumValues } from '../../http/openapi/enum-values.js';
import { sameShape } from '../../http/openapi/same-shape.js';

const CRITERION_KINDS = enumValues<CriterionKind>()('standard', 'bonus', 'penalty');

export class CriterionAnswer {
  @ApiProperty({ example: '1.1' })
  readonly code!: string;

  @ApiProperty()
  readonly title!: string;

  @ApiProperty({ example: 60 })
  readonly maxPoints!: number;

  @ApiProperty({ enum: CRITERION_KINDS })
  readonly kind!: CriterionKind;
}

export class ContentAnswer {
  @ApiProperty({ example: '1' })
  readonly code!: string;

  @ApiProperty()
  readonly title!: string;

  @ApiProperty({ type: [CriterionAnswer] })
  readonly criteria!: readonly CriterionAnswer[];
}

export class FrameworkAnswer {
  @ApiProperty({ type: [ContentAnswer] })
  readonly contents!: readonly ContentAnswer[];
}

sameShape<Criterion, CriterionAnswer>();
sameShape<Content, ContentAnswer>();
sameShape<Framework, FrameworkAnswer>();
