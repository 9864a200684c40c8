/**
 * POST /api/blocs/:blocId/cycles/:year/documents: the board, or an officer of the year's leader
 * or deputy unit (the decider checks); the answer adds the document's id and SHA-256.
 */
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiCommandResponses } from '../../http/command-responses.decorator.js';
import { CyclePath } from '../../http/paths.dto.js';
import { type CommandOrigin, Origin } from '../../write/command-origin.js';
import { type DocumentIssuedAnswer, IssueDocumentCommand } from './issue-document.command.js';
import { IssueDocumentDto } from './issue-document.dto.js';
import { DocumentIssuedBody } from './document-issued.answer.js';

@ApiTags('documents')
@Controller('blocs/:blocId/cycles/:year/documents')
export class IssueDocumentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('board', 'unit')
  @ApiOperation({ summary: 'Issue the score sheet or the minutes: stores the bytes, records DocumentIssued' })
  @ApiCommandResponses('DocumentIssued', DocumentIssuedBody)
  issueDocument(
    @Param() cycle: CyclePath,
    @Body() { kind }: IssueDocumentDto,
    @Origin() origin: CommandOrigin,
  ): Promise<DocumentIssuedAnswer> {
    return this.commandBus.execute(new IssueDocumentCommand(cycle, kind, origin));
  }
}
