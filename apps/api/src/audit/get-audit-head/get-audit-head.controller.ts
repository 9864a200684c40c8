/**
 * GET /api/audit/head: the board and auditors fetch the latest signed chain head, to save
 * elsewhere and check the log against later.
 */

import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { GetAuditHeadQuery } from './get-audit-head.query.js';
import { SignedHeadAnswer } from './signed-head.answer.js';

@ApiTags('audit')
@Controller('audit')
export class GetAuditHeadController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('head')
  @Roles('board', 'auditor')
  @ApiOperation({
    summary: 'The latest signed chain head: save it elsewhere (minutes) to check the log against it later',
  })
  @ApiQueryResponses(
    {
      type: SignedHeadAnswer,
      description:
        '{position, hash, recordedAt, signedAt, keyId, signature}: signature is base64 Ed25519 over `${position}:${hash}:${recordedAt}`; 404 NOT_FOUND before the first head',
    },
    [403, 404],
  )
  getAuditHead(): Promise<SignedHeadAnswer> {
    return this.queryBus.execute(new GetAuditHeadQuery());
  }
}
