/**
 * The validation pipe: bodies, paths and queries checked against their DTO classes, unknown
 * fields refused, failures reported per field.
 */

import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ApiError } from './api.error.js';
import { bodyPlanOf, validBody } from './valid-body-path.js';
import { cacheValidationRules } from './validation-rules-cache.js';

/**
 * Bodies, paths and queries are validated against their DTO classes: unknown fields are
 * refused rather than silently dropped, and every failure is reported per field.
 */
export function createValidationPipe(): ValidationPipe {
  cacheValidationRules();
  return new ShortcutValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.validationFailed(fieldErrors(errors)),
  });
}

/** Valid path parameters remembered per DTO class. */
const PATHS_REMEMBERED = 1_000;

/**
 * Two short ways for what a busy bloc sends most, each giving what Nest's pipe would:
 *
 * - The path of a route on a bloc (`CyclePath`: a bloc id and a year) is validated on every
 *   request, and a busy bloc's requests all carry the same few: a valid path DTO is remembered by
 *   its parameters, and a request with the same ones gets a copy of it without validating them
 *   again. Validation is a function of the parameters alone (the DTOs' rules read nothing else),
 *   so the copy is what validating would give. Refusals are not remembered.
 * - A flat body (a report, a score) whose DTO has a plan (`valid-body-path.ts`) and passes it is
 *   built and checked by the plan; any other body, and any body the plan cannot vouch for, goes
 *   through class-transformer and class-validator, which word every refusal.
 *
 * Queries are validated by the libraries every time.
 */
class ShortcutValidationPipe extends ValidationPipe {
  private readonly validPaths = new Map<unknown, LRUCache<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.data !== undefined || typeof metatype !== 'function')
      return super.transform(value, metadata);
    if (metadata.type === 'body') {
      const dtoClass = metatype as new () => object;
      const plan = bodyPlanOf(dtoClass);
      return (plan && validBody(dtoClass, plan, value)) ?? super.transform(value, metadata);
    }
    if (metadata.type !== 'param' || !isFlat(value)) return super.transform(value, metadata);
    let valid = this.validPaths.get(metatype);
    if (valid === undefined) this.validPaths.set(metatype, (valid = new LRUCache({ max: PATHS_REMEMBERED })));
    const key = JSON.stringify(value);
    const remembered = valid.get(key);
    if (remembered !== undefined) return copyOf(remembered);
    const validated: unknown = await super.transform(value, metadata);
    if (typeof validated === 'object' && validated !== null && isFlat(validated))
      valid.set(key, copyOf(validated));
    return validated;
  }
}

/** An object whose own values are all strings or numbers (path parameters, before and after). */
function isFlat(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((field) => typeof field === 'string' || typeof field === 'number');
}

/** A copy of a flat DTO, of its class: no request sees another's instance. */
function copyOf<T extends object>(dto: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(dto) as object | null) as T, dto);
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
