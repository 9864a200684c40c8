/**
 * IsInstant: a query parameter's moment must be an
 * ISO-8601 date, or date and time with `Z` or an offset.
 */

import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/**
 * A moment in ISO-8601 that means the same everywhere: a calendar date (midnight UTC) or a date
 * and time with `Z` or an offset. A time without an offset would be read in the server's zone.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const IsInstant = (): PropertyDecorator =>
  applyDecorators(
    // strict: the calendar must hold the date (no 30 February).
    IsISO8601({ strict: true }),
    Matches(INSTANT, { message: '$property must be an ISO-8601 date, or date and time with Z or an offset' }),
  );
