/** POST /api/nominations/:id/council-vote: the board, as the council's secretariat, records its tally. */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { NominationPath } from '../nomination-path.dto.js';
import { RecordCouncilVoteCommand } from './record-council-vote.command.js';
import { RecordCouncilVoteDto } from './record-council-vote.dto.js';

@ApiTags('nominations')
@Controller('nominations/:id/council-vote')
export class RecordCouncilVoteController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({
    summary:
      "Record the provincial council's vote on a forwarded nomination; two thirds of all members for passes it (board)",
  })
  @ApiCommandResponses('CouncilVoted')
  recordCouncilVote(
    @Param() { id }: NominationPath,
    @Body() body: RecordCouncilVoteDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new RecordCouncilVoteCommand(id, plainData(body), origin));
  }
}
