/**
 * The answer to every accepted command (201): the position
 * of the last event written and the types of the events.
 */

import { ApiProperty } from '@nestjs/swagger';

export class CommandAccepted {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Global position of the last event written',
    example: 42,
  })
  position!: number;

  @ApiProperty({
    description: 'Types of the events written, in order',
    example: ['PactSigned', 'PactInForce'],
  })
  events!: string[];
}
