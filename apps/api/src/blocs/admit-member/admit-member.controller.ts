/**
 * POST /api/blocs/:blocId/members: only the board may
 * admit a unit into a bloc, from its next cycle on.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { BlocPath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { AdmitMemberCommand } from './admit-member.command.js';
import { AdmitMemberDto } from './admit-member.dto.js';

@ApiTags('blocs')
@Controller('blocs/:blocId/members')
export class AdmitMemberController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({ summary: 'Admit a unit into the bloc from its next cycle on (board)' })
  @ApiCommandResponses('MemberAdmitted')
  admitMember(
    @Param() { blocId }: BlocPath,
    @Body() body: AdmitMemberDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(
      new AdmitMemberCommand({ blocId, unitId: body.unitId, name: body.name }, origin),
    );
  }
}
