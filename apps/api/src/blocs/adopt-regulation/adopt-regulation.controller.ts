/**
 * POST /api/blocs/:blocId/regulations: board or unit officers may call it; the decider admits
 * the board, or an officer of that year's leader or deputy unit.
 */
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { BlocPath } from '../../http/paths.dto.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { AdoptRegulationCommand } from './adopt-regulation.command.js';
import { AdoptRegulationDto } from './adopt-regulation.dto.js';

@ApiTags('blocs')
@Controller('blocs/:blocId/regulations')
export class AdoptRegulationController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({
    summary:
      "Adopt the bloc's regulation for a year, until its scoring is finalized (board, that year's leader or deputy)",
  })
  @ApiCommandResponses('RegulationAdopted')
  adoptRegulation(
    @Param() { blocId }: BlocPath,
    @Body() body: AdoptRegulationDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new AdoptRegulationCommand({ blocId, ...plainData(body) }, origin));
  }
}
