/**
 * The query string of GET /api/audit/verify: optionally, a head
 * saved earlier (e.g. printed in minutes) to check as well.
 */

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';

/** Both or neither: a head the auditor saved earlier is a position together with its hash. */
const savedHeadGiven = (dto: VerifyAuditDto): boolean => dto.position !== undefined || dto.hash !== undefined;

export class VerifyAuditDto {
  @ApiPropertyOptional({ type: String, example: '1024', description: 'Position of the saved head (a positive integer)' })
  @ValidateIf(savedHeadGiven)
  @Matches(/^[1-9][0-9]{0,14}$/, { message: 'position must be a positive integer, given together with hash' })
  position?: string;

  @ApiPropertyOptional({ description: 'Chain hash of the saved head: 64 lowercase hex digits' })
  @ValidateIf(savedHeadGiven)
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hex digits, given together with position' })
  hash?: string;
}
