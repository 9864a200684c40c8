/**
 * The command type of a command endpoint (`AwardScore` for AwardScoreController), kept in
 * Fastify's route config: every Fastify hook can read it, before the guards have run, so the
 * request log and the metrics name the command even when it was refused at the door.
 */
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

interface CommandRouteConfig {
  readonly commandType?: string;
}

/** Marks a controller method as a command endpoint (ApiCommandResponses applies it). */
export function CommandType(): MethodDecorator {
  return (target, key, descriptor) => {
    const commandType = target.constructor.name.replace(/Controller$/, '');
    RouteConfig({ commandType } satisfies CommandRouteConfig)(target, key, descriptor);
  };
}

/** The command the request carries, if its route is a command endpoint. */
export function commandTypeOf(request: FastifyRequest): string | undefined {
  return (request.routeOptions?.config as CommandRouteConfig | undefined)?.commandType;
}
