/**
 * POST /api/blocs/:blocId/cycles/:year/targets/import: the board, or an officer of the year's
 * leader or deputy unit (the decider checks each row); the body is the XLSX, raw or multipart.
 */
import { Controller, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { ApiUploadBody } from '../upload-body.decorator.js';
import { uploadedBytes } from '../uploads.js';
import { ImportTargetsCommand } from './import-targets.command.js';

@ApiTags('documents')
@Controller('blocs/:blocId/cycles/:year/targets/import')
export class ImportTargetsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: 'Import targets from the XLSX template: all rows or none' })
  @ApiCommandResponses('IndicatorTargetSet')
  @ApiUploadBody('The targets template, filled in')
  async importTargets(
    @Param() cycle: CyclePath,
    @Req() request: FastifyRequest,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandAccepted> {
    return this.commandBus.execute(new ImportTargetsCommand(cycle, await uploadedBytes(request), origin));
  }
}
