/** The answer to a submitted nomination (201): the command's answer and the new nomination's id. */

import { ApiProperty } from '@nestjs/swagger';
import { CommandAccepted } from '../../write/command-accepted.js';

export class NominationAccepted extends CommandAccepted {
  @ApiProperty({ example: 'kg-khoi-4:2017:emulation-flag:lao-dong' })
  nominationId!: string;
}
