/**
 * What a log line written on a request's behalf says of it beyond its correlation id (which
 * Fastify's child logger, `request.log`, carries): the principal once the guard has verified it,
 * and the command type. The lines that speak for a request (request-log.ts, the error filter's)
 * add these fields themselves.
 *
 * They used to come from pino's mixin through an AsyncLocalStorage entered for every request.
 * On Node 20 an AsyncLocalStorage in use makes every promise of the process pay async hooks: a
 * tenth of the API's CPU per command under load (bench:api, 2026-12-05), for fields that two
 * places can add from the request they hold.
 */
import type { FastifyRequest } from 'fastify';
import { commandTypeOf } from '../http/command-type.js';

export function requestLogFields(request: FastifyRequest): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (request.actor !== undefined) {
    const { sub, role, unit } = request.actor;
    fields.principal = unit === undefined ? { sub, role } : { sub, role, unit };
  }
  const command = commandTypeOf(request);
  if (command !== undefined) fields.command = command;
  return fields;
}
