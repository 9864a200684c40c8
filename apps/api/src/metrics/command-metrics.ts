/** Counts every answered command request, by command type and outcome, with its latency. */
import type { FastifyInstance } from 'fastify';
import { commandTypeOf } from '../http/command-type.js';
import type { ApiMetrics } from './api-metrics.js';

export function registerCommandMetrics(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const command = commandTypeOf(request);
    if (command === undefined) return;
    metrics.commandAnswered(command, reply.statusCode, request.errorCode, reply.elapsedTime / 1000);
  });
}
