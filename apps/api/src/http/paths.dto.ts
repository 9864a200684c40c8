/**
 * The path parameters of the routes on a bloc, a member and a bloc-year, validated like any body.
 */

import { ApiProperty } from '@nestjs/swagger';
import { IsEntityId, IsYearParam } from './validators.js';

/** `/blocs/:blocId` */
export class BlocPath {
  @ApiProperty({ example: 'kg-khoi-4' })
  @IsEntityId()
  blocId!: string;
}

/** `/blocs/:blocId/members/:unitId` */
export class MemberPath extends BlocPath {
  @ApiProperty({ example: 'lao-dong' })
  @IsEntityId()
  unitId!: string;
}

/** `/blocs/:blocId/cycles/:year` */
export class CyclePath extends BlocPath {
  @ApiProperty({ example: 2017 })
  @IsYearParam()
  year!: number;
}
