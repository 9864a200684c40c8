/** The answer to POST /api/webhooks: the new webhook's id, with the command's usual answer. */
import { ApiProperty } from '@nestjs/swagger';
import { CommandAccepted } from '../../write/command-accepted.js';

export class WebhookRegistration extends CommandAccepted {
  @ApiProperty({ example: '0b9e4c1e-8d4f-4a53-9a51-3c8f1f1e2a77' })
  id!: string;
}
