/** `/nominations/:id`: a nomination's id, `{blocId}:{year}:{award}:{unitId}` (see nominationIdOf). */

import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Ids are entity ids (`[a-z0-9][a-z0-9-]*`), so `:` separates the parts unambiguously. */
const NOMINATION_ID =
  /^[a-z0-9][a-z0-9-]{0,63}:\d{4}:(emulation-flag|certificate-of-merit):[a-z0-9][a-z0-9-]{0,63}$/;

export class NominationPath {
  @ApiProperty({ example: 'kg-khoi-4:2017:emulation-flag:lao-dong' })
  @Matches(NOMINATION_ID, { message: '$property must be a nomination id {blocId}:{year}:{award}:{unitId}' })
  id!: string;
}
