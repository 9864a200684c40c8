/**
 * POST /api/blocs: only the board may register a bloc, and a
 * board scoped to a province only a bloc of that province.
 */

import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { assertWithinProvince } from '../../auth/province-scope.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { plainData } from '../../http/plain-data.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { RegisterBlocCommand } from './register-bloc.command.js';
import { RegisterBlocDto } from './register-bloc.dto.js';

@ApiTags('blocs')
@Controller('blocs')
export class RegisterBlocController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board')
  @ApiOperation({ summary: 'Register a bloc with its members and regulation (board)' })
  @ApiCommandResponses('BlocRegistered')
  registerBloc(@Body() body: RegisterBlocDto, @Origin() origin: CommandOrigin): Promise<CommandAccepted> {
    const { id, ...bloc } = plainData(body);
    // A board scoped to a province registers blocs of that province only (none given: '').
    assertWithinProvince(origin.actor, bloc.province ?? '', `a bloc of province '${bloc.province ?? ''}'`);
    return this.commandBus.execute(new RegisterBlocCommand({ blocId: id, ...bloc }, origin));
  }
}
