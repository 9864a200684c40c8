/**
 * GET /api/audit/key: any principal may fetch the
 * public key that verifies the signed chain heads.
 */

import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryResponses } from '../../queries/query-responses.decorator.js';
import { GetAuditKeyQuery } from './get-audit-key.query.js';
import { AuditKeyAnswer } from './audit-key.answer.js';

@ApiTags('audit')
@Controller('audit')
export class GetAuditKeyController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('key')
  @ApiOperation({ summary: 'The public key that verifies the signed chain heads' })
  @ApiQueryResponses({
    type: AuditKeyAnswer,
    description: '{keyId, algorithm: "Ed25519", publicKeyPem}: publicKeyPem is SPKI PEM',
  })
  getAuditKey(): Promise<AuditKeyAnswer> {
    return this.queryBus.execute(new GetAuditKeyQuery());
  }
}
