/**
 * POST /api/blocs/:blocId/members/:unitId/withdraw: only the
 * board may withdraw a unit from a bloc, from its next cycle on.
 */

import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { MemberPath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { WithdrawMemberCommand } from './withdraw-member.command.js';
import { WithdrawMemberDto } from './withdraw-member.dto.js';

@ApiTags('blocs')
@Controller('blocs/:blocId/members/:unitId/withdraw')
export class WithdrawMemberController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({ summary: 'Withdraw a unit from the bloc from its next cycle on, with the reason (board)' })
  @ApiCommandResponses('MemberWithdrawn')
  withdrawMember(
    @Param() { blocId, unitId }: MemberPath,
    @Body() { reason }: WithdrawMemberDto,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new WithdrawMemberCommand({ blocId, unitId }, reason, origin));
  }
}
