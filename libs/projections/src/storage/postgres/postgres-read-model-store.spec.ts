import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SqliteEventStore } from '@app/event-store';
import {
  dropSchema,
  openScratchDatabase,
  type ScratchDatabase,
  uniqueSchema,
} from '@app/event-store/testing';
import { ProjectionEngine } from '../../engine/projection-engine.js';
import { ReadModelDocuments } from '../../read-model-documents.js';
import { rankingView } from '../../standings/standings.view.js';
import { appendLog, referenceCase, referenceLog } from '../../testing/reference-log.js';
import { describeReadModelStoreContract } from '../read-model-store.contract.js';
import { READ_MODELS_VERSION } from '../read-models-version.js';
import { PostgresReadModelStore } from './postgres-read-model-store.js';

const tsLoader = new URL('../../../../../test/support/ts-loader.mjs', import.meta.url).href;
const projectorScript = fileURLToPath(new URL('../../testing/run-projector.ts', import.meta.url));

let database: ScratchDatabase;
beforeAll(async () => {
  database = await openScratchDatabase('read_models');
});
afterAll(async () => {
  await database.drop();
});

describeReadModelStoreContract('postgres', () => {
  const schema = uniqueSchema();
  return {
    open: () => PostgresReadModelStore.open({ connectionString: database.connectionString, schema }),
    dispose: () => dropSchema(database.connectionString, schema),
  };
});

describe('PostgresReadModelStore version', () => {
  const sql = async (schema: string, text: string): Promise<pg.QueryResultRow[]> => {
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      return (await client.query(text.replaceAll('$schema', schema))).rows;
    } finally {
      await client.end();
    }
  };
  const open = (schema: string) =>
    PostgresReadModelStore.open({ connectionString: database.connectionString, schema });
  const fill = async (schema: string): Promise<void> => {
    await sql(
      schema,
      `INSERT INTO $schema.projection_checkpoints VALUES ('standings', 42);
       INSERT INTO $schema.projection_documents VALUES ('standings', 'khoi-4:2017', '{"shape":"old"}');
       INSERT INTO $schema.audit_entries VALUES (42, 'khoi-4', 2017, NULL, 'board', 'ScoreAwarded', now());`,
    );
  };

  it('records its version, and keeps read models written by the same version', async () => {
    const schema = uniqueSchema();
    try {
      await (await open(schema)).close();
      expect(await sql(schema, 'SELECT id, version FROM $schema.read_models_version')).toEqual([
        { id: 1, version: READ_MODELS_VERSION },
      ]);
      await fill(schema);
      const store = await open(schema);
      expect(await store.checkpoints()).toEqual(new Map([['standings', 42]]));
      await store.close();
    } finally {
      await dropSchema(database.connectionString, schema);
    }
  });

  it('empties read models written by another version, or before versions were recorded, for the projector to rebuild', async () => {
    const schema = uniqueSchema();
    try {
      await (await open(schema)).close();
      for (const older of [
        'UPDATE $schema.read_models_version SET version = version - 1',
        'DELETE FROM $schema.read_models_version',
      ]) {
        await fill(schema);
        await sql(schema, older);
        const store = await open(schema);
        expect(await store.checkpoints()).toEqual(new Map());
        expect(await store.loadDocument('standings', 'khoi-4:2017')).toBeUndefined();
        expect(await sql(schema, 'SELECT count(*)::int AS n FROM $schema.audit_entries')).toEqual([{ n: 0 }]);
        expect(await sql(schema, 'SELECT version FROM $schema.read_models_version')).toEqual([
          { version: READ_MODELS_VERSION },
        ]);
        await store.close();
      }
    } finally {
      await dropSchema(database.connectionString, schema);
    }
  });
});

describe('PostgresReadModelStore projector lock', () => {
  let dir: string;
  let schema: string;
  let store: SqliteEventStore;
  let readModels: PostgresReadModelStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projections-pg-'));
    schema = uniqueSchema();
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    readModels = await PostgresReadModelStore.open({
      connectionString: database.connectionString,
      schema,
      lockRetryMs: 50,
    });
  });

  afterEach(async () => {
    await readModels.close();
    await store.close();
    await dropSchema(database.connectionString, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one projector hold it at a time', async () => {
    const first = await readModels.acquireProjectorLock(new AbortController().signal);
    let acquired = false;
    const second = readModels.acquireProjectorLock(new AbortController().signal).then((lock) => {
      acquired = true;
      return lock;
    });
    // Another session cannot take the lock while the first holds it (asked directly, not
    // after a pause), and the second projector is still waiting.
    const other = new pg.Client({ connectionString: database.connectionString });
    await other.connect();
    try {
      const { rows } = await other.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [`read-models-projector:${schema}`],
      );
      expect(rows[0]?.locked).toBe(false);
    } finally {
      await other.end();
    }
    expect(acquired).toBe(false);
    await first.release();
    const lock = await second;
    expect(acquired).toBe(true);
    await lock.release();
  });

  it('is taken over by a waiting engine when the projecting process dies', async () => {
    await appendLog(store, referenceLog('signed'));
    const child = spawn(
      process.execPath,
      ['--import', tsLoader, projectorScript, dir, '5', database.connectionString, schema],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_, signal) => resolve(signal)),
    );
    const successor = new ProjectionEngine({ store, readModels, retryDelayMs: 50 });
    try {
      const head = await store.headPosition();
      // The child projects first: it holds the lock once its checkpoints appear (the engine,
      // not started, follows another process's stored checkpoints while someone waits).
      await successor.waitForPosition(head, 60_000);

      successor.start();
      const moreHead = await appendLog(store, referenceLog('closed').slice(head));
      await successor.waitForPosition(moreHead, 15_000);
      // Caught up, but through the child's work: the successor only waits for the lock.
      expect(successor.isProjecting).toBe(false);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const afterDeath = await appendLog(store, referenceLog('registered', 'kg-khoi-5'));
      await successor.waitForPosition(afterDeath, 15_000);
      expect(successor.isProjecting).toBe(true);

      const documents = new ReadModelDocuments(readModels);
      expect((await documents.blocDocuments()).map((bloc) => bloc.id)).toEqual(['kg-khoi-4', 'kg-khoi-5']);
      const ranking = rankingView(await documents.standingsDocument(referenceCase.bloc.id, 2017));
      expect(ranking.units.map((row) => [row.unitId, row.total])).toEqual(
        referenceCase.expected.ranking.map((row) => [row.unitId, row.total]),
      );
    } finally {
      child.kill('SIGKILL');
      await successor.stop();
    }
  });
});
