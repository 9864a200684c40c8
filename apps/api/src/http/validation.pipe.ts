/**
 * The validation pipe: bodies, paths and queries checked against their DTO classes, unknown
 * fields refused, failures reported per field.
 */

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from './api.error.js';
import { cacheValidationRules } from './validation-rules-cache.js';

/**
 * Bodies, paths and queries are validated against their DTO classes: unknown fields are
 * refused rather than silently dropped, and every failure is reported per field.
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.validationFailed(fieldErrors(errors)),
  });
}

/** Flattens class-validator's error tree into `{ "members.0.unitId": ["..."] }`. */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    if (error.constraints !== undefined) fields[path] = Object.values(error.constraints);
    if (error.children !== undefined && error.children.length > 0) {
      Object.assign(fields, fieldErrors(error.children, path));
    }
  }
  return fields;
}
