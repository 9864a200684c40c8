/**
 * GET /api/audit/head: the board and auditors fetch the latest signed chain head, to save
 * elsewhere and check the log against later.
 */

import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SignedHead } from '@app/event-store';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { GetAuditHeadQuery } from './get-audit-head.query.js';

@ApiTags('audit')
@Controller('audit')
export class GetAuditHeadController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('head')
  @Roles('board', 'auditor')
  @ApiOperation({
    summary: "The latest signed chain head: save it elsewhere (minutes) to check the log against it later",
  })
  @ApiQueryResponses(
    '{position, hash, recordedAt, signedAt, keyId, signature}: signature is base64 Ed25519 over `${position}:${hash}:${recordedAt}`; 404 NOT_FOUND before the first head',
    [403],
  )
  getAuditHead(): Promise<SignedHead> {
    return this.queryBus.execute(new GetAuditHeadQuery());
  }
}
