import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { ProjectionEngine } from '@app/projections';
import type { FastifyReply } from 'fastify';
import { HealthController } from './health.controller.js';

/** What a PostgreSQL driver says when the server is away: hosts and users nobody outside should read. */
const DRIVER_TEXT = 'connect ECONNREFUSED 10.20.30.40:5432 (user blocs_admin)';

describe('HealthController readiness', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers 503 with a generic reason when the stores fail, and logs the driver text', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const engine = { status: () => Promise.reject(new Error(DRIVER_TEXT)) } as unknown as ProjectionEngine;
    const controller = new HealthController({ name: 'postgres' } as EventStore, engine);
    let status: number | undefined;
    const reply = { status: (code: number) => ((status = code), reply) } as unknown as FastifyReply;

    const readiness = await controller.ready(reply);

    expect(status).toBe(503);
    expect(readiness).toEqual({ status: 'unavailable', reason: 'stores unreachable' });
    expect(JSON.stringify(readiness)).not.toContain('10.20.30.40');
    expect(logged.mock.calls.flat().join(' ')).toContain(DRIVER_TEXT);
  });
});
