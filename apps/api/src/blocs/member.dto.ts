/** A unit as a member of a bloc: its stable id and its name. */

import { ApiProperty } from '@nestjs/swagger';
import { IsEntityId, IsName } from '../http/validators.js';

export class MemberDto {
  @ApiProperty({ example: 'lao-dong' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ example: 'Sở Lao động - Thương binh và Xã hội' })
  @IsName(200)
  name!: string;
}
