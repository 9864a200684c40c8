import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IntegrityReport } from '@app/event-store';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { VerifyAuditQuery } from './verify-audit.query.js';

@ApiTags('audit')
@Controller('audit')
export class VerifyAuditController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('verify')
  @Roles('board', 'auditor')
  @ApiOperation({ summary: "Checks the log's hash chain: no event altered or removed since it was written" })
  @ApiQueryResponses(
    '{ok, checked, brokenAt?}: brokenAt is the position of the first event that does not verify',
    [403],
  )
  verifyAudit(): Promise<IntegrityReport> {
    return this.queryBus.execute(new VerifyAuditQuery());
  }
}
