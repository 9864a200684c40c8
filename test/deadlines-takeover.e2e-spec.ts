/**
 * One deadline process manager at a time, across processes, on PostgreSQL: two projector
 * processes run it beside the projections; the one holding the deadline lock is killed with
 * SIGKILL as a deadline passes, and the standby takes over and records DeadlinePassed exactly
 * once. The commands go through an API in this process (PROJECTIONS=off: it runs neither).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildApp, START_TIMEOUT_MS } from './support/child-app.js';
import { E2E_AUTH_SECRET, type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';
import { nextEvent } from './support/next-event.js';
import { admin, POSTGRES_SERVER } from './support/postgres-server.js';

const HOLDS_LOCK = /holds the deadline lock/;
/** Far enough ahead for both processes to be up and the deadline set before it passes. */
const AHEAD_MS = 2000;

describe('the deadline process manager across processes, on PostgreSQL (e2e)', () => {
  const database = `deadline_takeover_${randomBytes(5).toString('hex')}`;
  let dataDir: string;
  let e2e: E2eApp;
  let cycle: SmallCycle;
  const nodes: ChildApp[] = [];

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_SERVER);
    url.pathname = `/${database}`;
    dataDir = await mkdtemp(join(tmpdir(), 'blocs-deadline-takeover-'));
    // The API first: it creates the schemas, which the projectors then find in place.
    e2e = await startE2eApp({
      config: { eventStore: 'postgres', databaseUrl: url.toString(), projections: 'off' },
    });
    cycle = await seedCycle(e2e, 'takeover', { phase: 'in_force' });
    const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
    const env = {
      ...inherited,
      NODE_ENV: 'test',
      NO_COLOR: '1',
      DATA_DIR: dataDir,
      EVENT_STORE: 'postgres',
      DATABASE_URL: url.toString(),
      AUTH_SECRET: E2E_AUTH_SECRET,
      DEADLINE_TICK_MS: '50',
    };
    nodes.push(ChildApp.start('projector-1', 'apps/projector/src/main.ts', env));
    await nodes[0]!.waitFor(HOLDS_LOCK);
    nodes.push(ChildApp.start('projector-2', 'apps/projector/src/main.ts', env));
    await nodes[1]!.waitFor(/waiting for the projector lock/);
  }, 3 * START_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    await e2e?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it(
    'the standby records DeadlinePassed exactly once after the active one is killed as the deadline passes',
    async () => {
      const [active, standby] = nodes as [ChildApp, ChildApp];
      try {
        expect(standby.says(HOLDS_LOCK)).toBe(false);
        const due = new Date(Date.now() + AHEAD_MS).toISOString();
        const passing = nextEvent(
          e2e.store,
          'DeadlinePassed',
          (event) => (event.data as { kind: string }).kind === 'reporting',
        );
        const set = await e2e.api('POST', `${cycle.path}/deadlines`, {
          token: cycle.board,
          body: { kind: 'reporting', period: '2024-H1', due },
        });
        expect(set.status).toBe(201);

        // The scenario is set in time: the active process dies the moment the deadline passes,
        // before or just after it has looked at the time.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(due) - Date.now())));
        expect(await active.kill('SIGKILL')).toBe('SIGKILL');
        await standby.waitFor(HOLDS_LOCK);
        const passed = await passing;
        expect(passed.data).toMatchObject({ kind: 'reporting', period: '2024-H1', due, missed: cycle.units });
        expect(passed.metadata.actor.role).toBe('system');

        // A later deadline passing shows the standby has looked at the first one again since.
        const later = new Date(Date.now() + 300).toISOString();
        const laterPassing = nextEvent(
          e2e.store,
          'DeadlinePassed',
          (event) => (event.data as { kind: string }).kind === 'review',
        );
        expect(
          (
            await e2e.api('POST', `${cycle.path}/deadlines`, {
              token: cycle.board,
              body: { kind: 'review', due: later },
            })
          ).status,
        ).toBe(201);
        await laterPassing;
        const all = await e2e.store.readAll({ types: ['DeadlinePassed'] });
        expect(all.map((event) => (event.data as { kind: string }).kind)).toEqual(['reporting', 'review']);
      } catch (error) {
        console.error(nodes.map((node) => node.tail()).join('\n'));
        throw error;
      }
    },
    2 * START_TIMEOUT_MS,
  );
});
