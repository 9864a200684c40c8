/** MemberAnswer: a unit of a bloc, as every answer that lists members shows it. */
import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '@app/domain';
import { sameShape } from '../../http/openapi/same-shape.js';

export class MemberAnswer {
  @ApiProperty({ example: 'ct-ha-tien' })
  readonly unitId!: string;

  @ApiProperty({ example: 'Hà Tiên' })
  readonly name!: string;
}

sameShape<Member, MemberAnswer>();
