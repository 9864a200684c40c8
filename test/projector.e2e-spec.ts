/**
 * The topology beyond one machine, on PostgreSQL: two stateless API processes with
 * PROJECTIONS=off and projector processes feeding the shared read models. Commands go through
 * both APIs; the answers agree once caught up; the active projector is killed (SIGKILL) in the
 * middle of the stream and a standby takes over: nothing is lost or applied twice.
 *
 * Every process runs the TypeScript sources through test/support/ts-loader.mjs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { officerOf, readReferenceCase, type ReferenceCase } from '@app/domain/testing';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import {
  playSteps,
  referenceCaseSteps,
  type SendCommand,
  type Step,
} from '../apps/api/src/cli/reference-case-script.js';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { ChildApp as Node, START_TIMEOUT_MS } from './support/child-app.js';
import { type Api, createApi, E2E_AUTH_SECRET } from './support/e2e-app.js';

/** The local development server; CI's DATABASE_URL names a server where databases may be created. */
const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

const HOLDS_LOCK = /holds the projector lock/;

describe('API processes with PROJECTIONS=off and a projector, on PostgreSQL', () => {
  let reference: ReferenceCase;
  let database: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const nodes: Node[] = [];
  const apis: { url: string; api: Api }[] = [];
  let auditor: string;
  let steps: Step[];
  /** The projector holding the lock at the end of the first scenario. */
  let active: Node;

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: SERVER });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const startApi = async (name: string): Promise<void> => {
    const node = Node.start(name, 'apps/api/src/main.ts', env);
    nodes.push(node);
    const [, port] = await node.waitFor(/listening on \S+:(\d+)/);
    const url = `http://127.0.0.1:${port}`;
    apis.push({ url, api: createApi(url) });
  };

  const startProjector = (name: string): Node => {
    const node = Node.start(name, 'apps/projector/src/main.ts', env);
    nodes.push(node);
    return node;
  };

  /** Sends the commands round-robin through the API processes. */
  const throughEveryApi = (): SendCommand => {
    const senders = apis.map(({ url }) => httpCommandSender(url, E2E_AUTH_SECRET));
    let next = 0;
    return (...command) => senders[next++ % senders.length]!(...command);
  };

  beforeAll(async () => {
    reference = readReferenceCase();
    steps = referenceCaseSteps(reference);
    database = `projector_e2e_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;
    dataDir = await mkdtemp(join(tmpdir(), 'blocs-projector-e2e-'));
    const { NODE_OPTIONS: _jestOptions, ...inherited } = process.env;
    env = {
      ...inherited,
      NODE_ENV: 'test',
      NO_COLOR: '1',
      PORT: '0',
      DATA_DIR: dataDir,
      EVENT_STORE: 'postgres',
      DATABASE_URL: url.toString(),
      PROJECTIONS: 'off',
      AUTH_SECRET: E2E_AUTH_SECRET,
    };
    // One API first: it creates the schemas, which the others then find in place.
    await startApi('api-1');
    await startApi('api-2');
    auditor = await signToken(E2E_AUTH_SECRET, { sub: 'inspector', role: 'auditor' });
  }, 3 * START_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.kill('SIGTERM')));
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    if (database !== undefined) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  /** Runs a scenario; when it fails, the processes' output says why (a 500 hides its cause). */
  const explained = (scenario: () => Promise<void>) => async (): Promise<void> => {
    try {
      await scenario();
    } catch (error) {
      console.error(nodes.map((node) => node.tail()).join('\n'));
      throw error;
    }
  };

  it(
    'keeps the read models of every API in step, and a standby projector takes over from a killed one',
    explained(async () => {
      const first = startProjector('projector-1');
      await first.waitFor(HOLDS_LOCK);
      const standby = startProjector('projector-2');
      await standby.waitFor(/waiting for the projector lock/);
      // The projector logs as the API does: pino's JSON lines at LOG_LEVEL.
      expect(JSON.parse(standby.lineMatching(/waiting for the projector lock/)!)).toMatchObject({
        level: 30,
        context: 'Projector',
        msg: expect.stringMatching(/^started \(store: postgres\); waiting for the projector lock$/),
      });

      // The first half of the year, alternating between the APIs; then both agree.
      const half = steps.findIndex((step) => step.name === 'review');
      await playSteps(reference, steps.slice(0, half), throughEveryApi());
      const standings = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}/standings`;
      const [one, two] = await Promise.all(apis.map(({ api }) => api('GET', standings, { token: auditor })));
      expect(one!.status).toBe(200);
      expect(two!.body).toEqual(one!.body);
      expect(standby.says(HOLDS_LOCK)).toBe(false);

      // The rest, with the active projector killed a few commands in: it dies mid-stream.
      const send = throughEveryApi();
      let sent = 0;
      await playSteps(reference, steps.slice(half), async (...command) => {
        if (++sent === 10) void first.kill('SIGKILL');
        return send(...command);
      });
      expect(await first.kill('SIGKILL')).toBe('SIGKILL');
      await standby.waitFor(HOLDS_LOCK);
      active = standby;

      // Once caught up, every API answers the reference figures from the one copy of the models.
      const ranking = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}/ranking`;
      for (const { api } of apis) {
        const { status, body } = await api('GET', ranking, { token: auditor });
        expect(status).toBe(200);
        expect(body.units.map((row: { unitId: string; total: number }) => [row.unitId, row.total])).toEqual(
          reference.expected.ranking.map((row) => [row.unitId, row.total]),
        );
        expect(body.units.map((row: { indicators: object }) => row.indicators)).toEqual(
          reference.expected.ranking.map((row) => row.indicators),
        );
      }

      // Every event of the log is in the audit index exactly once.
      const { body: integrity } = await apis[0]!.api('GET', '/api/audit/verify', { token: auditor });
      expect(integrity.ok).toBe(true);
      const { body: audit } = await apis[1]!.api('GET', '/api/audit?limit=1000', { token: auditor });
      const positions = audit.items.map((event: { position: number }) => event.position);
      expect(positions).toHaveLength(integrity.checked);
      expect(new Set(positions).size).toBe(positions.length);
      const { body: health } = await apis[0]!.api('GET', '/api/health');
      for (const projection of health.projections as { name: string; lag: number }[]) {
        expect(projection).toMatchObject({ name: projection.name, lag: 0 });
      }
    }),
    4 * START_TIMEOUT_MS,
  );

  it(
    'stops a projector cleanly on SIGTERM, and the next one carries on from its checkpoints',
    explained(async () => {
      const next = startProjector('projector-3');
      await next.waitFor(/waiting for the projector lock/);

      // Nest closes the application on SIGTERM and then lets the signal end the process.
      expect(await active.kill('SIGTERM')).toBe('SIGTERM');
      expect(active.says(/stopped projecting/)).toBe(true);
      expect(active.says(/ERROR/)).toBe(false);
      await next.waitFor(HOLDS_LOCK);

      const close = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}/close`;
      await throughEveryApi()(officerOf(reference.cycle.leader), close.slice('/api'.length), {}, 'e2e:close');
      for (const { api } of apis) {
        const { body } = await api('GET', close.slice(0, -'/close'.length), { token: auditor });
        expect(body.phase).toBe('closed');
      }
    }),
    2 * START_TIMEOUT_MS,
  );
});
