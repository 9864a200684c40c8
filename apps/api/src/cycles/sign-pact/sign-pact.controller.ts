/**
 * POST /api/blocs/:blocId/cycles/:year/signatures: board or unit officers may call it; the
 * decider admits the board or the unit's own officer.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { SignPactCommand } from './sign-pact.command.js';
import { SignPactDto } from './sign-pact.dto.js';

@ApiTags('cycles')
@Controller('blocs/:blocId/cycles/:year/signatures')
export class SignPactController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary: "Sign the pact for one's own unit (unit officer); the last signature puts it in force",
  })
  @ApiCommandResponses('PactSigned (+ PactInForce on the last)')
  signPact(
    @Param() cycle: CyclePath,
    @Body() body: SignPactDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new SignPactCommand(cycle, plainData(body), origin));
  }
}
