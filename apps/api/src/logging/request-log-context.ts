/**
 * The request a log line is written during, wherever the line comes from (a Fastify hook, a
 * controller, Nest's Logger in a handler): kept in an AsyncLocalStorage entered at the first
 * onRequest hook, so every line of a request can carry its correlation id, principal and
 * command type.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commandTypeOf } from '../http/command-type.js';

const current = new AsyncLocalStorage<FastifyRequest>();

/** The request being served in this async context, if any. */
export function currentRequest(): FastifyRequest | undefined {
  return current.getStore();
}

/** Runs the rest of every request's hooks and handler inside its own context. */
export function registerRequestLogContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => current.run(request, done));
}

/**
 * pino's mixin: the principal (once the guard has verified it) and the command type of the
 * request in progress, added to every line (the correlation id comes with the request's child
 * logger, as Fastify's request id).
 */
export function requestLogFields(): Record<string, unknown> {
  const request = current.getStore();
  if (request === undefined) return {};
  const fields: Record<string, unknown> = {};
  if (request.actor !== undefined) {
    const { sub, role, unit } = request.actor;
    fields.principal = unit === undefined ? { sub, role } : { sub, role, unit };
  }
  const command = commandTypeOf(request);
  if (command !== undefined) fields.command = command;
  return fields;
}
