/**
 * GET /api/audit/verify: the board and auditors check the
 * log's hash chain and signed heads, and a head they saved.
 */

import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { VerifyAuditDto } from './verify-audit.dto.js';
import { VerifyAuditQuery } from './verify-audit.query.js';
import { AuditVerificationAnswer } from './audit-verification.answer.js';

@ApiTags('audit')
@Controller('audit')
export class VerifyAuditController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('verify')
  @Roles('board', 'auditor')
  @ApiOperation({
    summary:
      "Checks the log's hash chain and every signed head (and a saved head, if given): nothing altered, removed, truncated or rewritten",
  })
  @ApiQueryResponses(
    {
      type: AuditVerificationAnswer,
      description:
        '{ok, checked, brokenAt?, reason?, head: {position, hash}}: reason is altered, missing, truncated, head-mismatch, bad-signature or saved-head-mismatch',
    },
    [400, 403],
  )
  verifyAudit(@Query() { position, hash }: VerifyAuditDto): Promise<AuditVerificationAnswer> {
    const saved =
      position !== undefined && hash !== undefined ? { position: Number(position), hash } : undefined;
    return this.queryBus.execute(new VerifyAuditQuery(saved));
  }
}
