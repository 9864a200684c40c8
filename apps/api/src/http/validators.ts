import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/**
 * The field rules shared by every command: ids end up in stream names, so their alphabet is
 * fixed here (see streams.ts); codes and numbers are bounded so nothing absurd reaches the log.
 */
export const ENTITY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const PERIOD = /^\d{4}(-(H[12]|Q[1-4]))?$/;

/** A bloc or unit id: lower-case letters, digits and dashes, 1..64 characters. */
export const IsEntityId = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(ENTITY_ID, { message: '$property must be 1..64 of a-z 0-9 - (not starting with -)' }),
  );

/** A content, criterion or indicator code such as `1`, `1.B` or `YT1`. */
export const IsCode = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(CODE, { message: '$property must be 1..32 of A-Z a-z 0-9 . _ - (starting alphanumeric)' }),
  );

export const IsYear = (): PropertyDecorator => applyDecorators(IsInt(), Min(1900), Max(2999));

/** Points: non-negative, at most two decimals (the domain keeps them as exact hundredths). */
export const IsPoints = (): PropertyDecorator =>
  applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }),
    Min(0),
    Max(100_000),
  );

export const IsVoteCount = (): PropertyDecorator => applyDecorators(IsInt(), Min(0), Max(1_000_000));

export const IsPeriod = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(PERIOD, { message: '$property must be YYYY, YYYY-H1..H2 or YYYY-Q1..Q4' }),
  );

/** Free text a person typed (names, titles, notes, reasons). */
export const IsText = (maxLength = 500): PropertyDecorator =>
  applyDecorators(
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    Matches(/\S/, { message: '$property must not be blank' }),
  );

/** A path segment that must be a year, e.g. `/cycles/2017`. */
export const IsYearParam = (): PropertyDecorator =>
  applyDecorators(
    Type(() => Number),
    IsYear(),
  );
