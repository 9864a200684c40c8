/**
 * The field rules shared by every command and query (API.md, "Input rules that hold everywhere"):
 * ids end up in stream names, so their alphabet is fixed here (see streams.ts); text is stored
 * NFC-normalised and free of characters that hide or reorder what an auditor reads; numbers are
 * checked in the decimal form the client wrote, so that no float artefact (1e-7,
 * 0.30000000000000004, -0, 1e300) reaches the domain.
 */

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsISO8601,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

export const ENTITY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const PERIOD = /^\d{4}(-(H[12]|Q[1-4]))?$/;
/** A year as a path or query segment: exactly four ASCII digits, nothing a number parser forgives. */
export const YEAR_SEGMENT = /^\d{4}$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/**
 * An optional field: absent is fine, but `null` is a value and is checked like any other (class-
 * validator's IsOptional would let `null` through to the domain as if it were a string).
 */
export const Optional = (): PropertyDecorator =>
  ValidateIf((_object: unknown, value: unknown) => value !== undefined);

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

export const IsPeriod = (): PropertyDecorator =>
  applyDecorators(
    IsString(),
    Matches(PERIOD, { message: '$property must be YYYY, YYYY-H1..H2 or YYYY-Q1..Q4' }),
  );

/**
 * A calendar date, YYYY-MM-DD, that the calendar holds (no 30 February): the dates of meetings,
 * regulations and decisions, as the minutes print them. ISO-8601 alone would also take
 * 20240112, 2024-W02-5, 2024-012 or a date-time, each stored and printed as sent.
 */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
  );

/**
 * A date and time that means the same everywhere: with `Z` or an offset (a time without one
 * would be read in the server's zone), seconds and milliseconds optional.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const IsDateTime = (): PropertyDecorator =>
  applyDecorators(
    // strict: the calendar must hold the date (no 30 February).
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(DATE_TIME, { message: '$property must be an ISO-8601 date-time with Z or an offset' }),
  );

// --- numbers ------------------------------------------------------------------------------

/**
 * The shortest decimal form of a JSON number (ECMAScript's Number::toString): what the client
 * wrote, give or take trailing zeros. Exponent forms (1e-7, 1e+21) never match the patterns
 * below, -0 is told apart because it prints as "0".
 */
function decimalForm(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || Object.is(value, -0)) return undefined;
  return String(value);
}

interface DecimalRule {
  readonly min: number;
  readonly max: number;
  /** Digits allowed after the decimal point; 0 for whole numbers. */
  readonly decimals: number;
}

/** The decimal forms with up to `decimals` digits after the point, by `decimals`: made once each. */
const DECIMAL_PATTERNS = new Map<number, RegExp>();

function decimalPattern(decimals: number): RegExp {
  let pattern = DECIMAL_PATTERNS.get(decimals);
  if (pattern === undefined) {
    pattern = decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`);
    DECIMAL_PATTERNS.set(decimals, pattern);
  }
  return pattern;
}

function isDecimal(value: unknown, { min, max, decimals }: DecimalRule): boolean {
  const text = decimalForm(value);
  if (text === undefined) return false;
  return decimalPattern(decimals).test(text) && (value as number) >= min && (value as number) <= max;
}

function describeDecimal({ min, max, decimals }: DecimalRule): string {
  const kind =
    decimals === 0
      ? 'a whole number'
      : `a number with at most ${decimals} decimal${decimals === 1 ? '' : 's'}`;
  return `$property must be ${kind} from ${min} to ${max} (no exponent, not -0)`;
}

/** A JSON number in [min, max] with at most `decimals` decimals, written without exponent. */
export const IsDecimal = (rule: DecimalRule): PropertyDecorator =>
  ValidateBy({
    name: 'isDecimal',
    validator: {
      validate: (value: unknown) => isDecimal(value, rule),
      defaultMessage: () => describeDecimal(rule),
    },
  });

/** Points: 0..100000 with at most two decimals (the domain keeps them as exact hundredths). */
export const IsPoints = (): PropertyDecorator => IsDecimal({ min: 0, max: 100_000, decimals: 2 });

/** An indicator's target or reported value (percentages, ratios, counts). */
export const IsMeasurement = (min = -1e12): PropertyDecorator => IsDecimal({ min, max: 1e12, decimals: 6 });

export const IsVoteCount = (): PropertyDecorator => IsDecimal({ min: 0, max: 1_000_000, decimals: 0 });

/** A year in a body: a whole JSON number in the calendar's sane range. */
export const IsYear = (): PropertyDecorator => IsDecimal({ min: MIN_YEAR, max: MAX_YEAR, decimals: 0 });

/**
 * A path or query segment that must be a year, e.g. `/cycles/2017`: exactly four digits. Only
 * such a segment is turned into a number; anything else (`0x7e1`, ` 2.017e3`, `2017.0`) stays a
 * string and fails the year rule.
 */
export const IsYearParam = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && YEAR_SEGMENT.test(value) ? Number(value) : value)),
    ValidateBy({
      name: 'isYearParam',
      validator: {
        validate: (value: unknown) => isDecimal(value, { min: MIN_YEAR, max: MAX_YEAR, decimals: 0 }),
        defaultMessage: () => `$property must be a year of exactly four digits, ${MIN_YEAR}..${MAX_YEAR}`,
      },
    }),
  );

/**
 * A whole number in a query string (`after`, `limit`, `position`): plain decimal digits only, at
 * most Number.MAX_SAFE_INTEGER, so a store's integer column never sees 1e300 or 0x10.
 */
export const IsQueryInteger = (min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value)),
    ValidateBy({
      name: 'isQueryInteger',
      validator: {
        validate: (value: unknown) => isDecimal(value, { min, max, decimals: 0 }),
        defaultMessage: () => `$property must be a whole number from ${min} to ${max}, in decimal digits`,
      },
    }),
  );

// --- text ---------------------------------------------------------------------------------

/** What a text field may hold beyond printable characters. */
export type TextKind =
  /** Names of blocs, units, provinces, persons: compared for identity, so nothing invisible. */
  | 'name'
  /** One line of free text (a venue, a unit of measure). */
  | 'line'
  /** Free text where a person may break lines: `note`, `reason` and `title` (API.md). */
  | 'multiline';

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** The same, but tab and line feed, which a multi-line note may hold. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** Bidirectional embeddings, overrides and isolates: they reorder what a reader sees. */
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/u;
/**
 * Invisible characters that make two names look alike: zero-width space, non-joiner and joiner,
 * word joiner, BOM, and the bidi marks (LRM, RLM, ALM).
 */
const INVISIBLE_IN_NAMES = /[\u200b-\u200f\u2060\ufeff\u061c]/u;
/**
 * In free text only those invisible characters with no use in writing: ZWNJ and ZWJ stay
 * allowed there, as scripts and emoji sequences need them.
 */
const INVISIBLE_IN_TEXT = /[\u200b\u2060\ufeff]/u;

const FORBIDDEN: Readonly<Record<TextKind, readonly { pattern: RegExp; what: string }[]>> = {
  name: [
    { pattern: CONTROL, what: 'a control character' },
    { pattern: BIDI_OVERRIDE, what: 'a bidirectional override' },
    { pattern: INVISIBLE_IN_NAMES, what: 'an invisible formatting character' },
  ],
  line: [
    { pattern: CONTROL, what: 'a control character' },
    { pattern: BIDI_OVERRIDE, what: 'a bidirectional override' },
    { pattern: INVISIBLE_IN_TEXT, what: 'an invisible formatting character' },
  ],
  multiline: [
    { pattern: CONTROL_BUT_TAB_AND_NEWLINE, what: 'a control character other than tab and newline' },
    { pattern: BIDI_OVERRIDE, what: 'a bidirectional override' },
    { pattern: INVISIBLE_IN_TEXT, what: 'an invisible formatting character' },
  ],
};

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text of this kind is refused, or undefined when it is clean. */
export function textDefect(value: string, kind: TextKind): string | undefined {
  // A lone surrogate cannot be stored as UTF-8 and read back as written.
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode (a lone surrogate)';
  for (const { pattern, what } of FORBIDDEN[kind]) {
    const found = pattern.exec(value);
    if (found !== null) {
      const codePoint = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return `contains ${what} (U+${codePoint}) at ${found.index}`;
    }
  }
  return undefined;
}

/** The text rules alone, for strings that are matched rather than stored (search filters). */
export const IsCleanText = (kind: TextKind): PropertyDecorator =>
  ValidateBy({
    name: 'isCleanText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && textDefect(value, kind) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        typeof args?.value === 'string'
          ? `$property ${textDefect(args.value, kind)}`
          : '$property must be a string',
    },
  });

/**
 * Text a person typed, stored in NFC: the NFC and NFD spellings of one Vietnamese name
 * ("Nguyễn" typed on two keyboards) are the same name. The command carries the normalised text.
 */
export const IsText = (maxLength = 500, kind: TextKind = 'line'): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) =>
      typeof value === 'string' && !LONE_SURROGATE.test(value) ? value.normalize('NFC') : value,
    ),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    Matches(/\S/, { message: '$property must not be blank' }),
    IsCleanText(kind),
  );

/** A name (bloc, unit, province, person): see TextKind. */
export const IsName = (maxLength = 200): PropertyDecorator => IsText(maxLength, 'name');

/** A note, a reason or a title: tab and newline allowed. */
export const IsMultilineText = (maxLength = 1000): PropertyDecorator => IsText(maxLength, 'multiline');
