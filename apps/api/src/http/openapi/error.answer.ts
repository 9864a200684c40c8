/** ErrorAnswer: the one JSON error shape of API.md, as every operation documents its refusals. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { sameShape } from './same-shape.js';
import type { ErrorBody } from '../error.filter.js';

export class ErrorAnswer {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated', example: 404 })
  readonly statusCode!: number;

  @ApiProperty({ description: 'Stable code: never translated', example: 'NOT_FOUND' })
  readonly code!: string;

  @ApiProperty({ description: 'In Vietnamese with Accept-Language: vi, in English otherwise' })
  readonly message!: string;

  @ApiPropertyOptional({ description: 'With Accept-Language: vi, the English message' })
  readonly detail?: string;

  @ApiPropertyOptional({
    description:
      'What is wrong, where the code has more to say: for VALIDATION_FAILED, each offending field (a dotted path) and its problems',
    example: { year: ['must be four digits'] },
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ],
  })
  readonly details?: unknown;
}

sameShape<ErrorBody, ErrorAnswer>();
