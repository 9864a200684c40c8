import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import { dumpReadModels } from '../testing/read-model-dump.js';
import { appendLog, referenceLog } from '../testing/reference-log.js';
import { rebuildSqliteReadModels } from './parallel-rebuild.js';
import { checkpointNames, ProjectionEngine } from './projection-engine.js';

/** The worker threads run the TypeScript sources, as the specs do. */
const workerExecArgv = ['--import', new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href];
const BLOCS = ['kg-khoi-4', 'kg-khoi-5', 'kg-khoi-6', 'kg-khoi-7', 'kg-khoi-8'];

describe('rebuildSqliteReadModels', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parallel-rebuild-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite') });
    // Blocs' years interleaved in the log, as several blocs working side by side write it.
    const logs = BLOCS.map((blocId) => referenceLog('closed', blocId));
    const interleaved = logs[0].flatMap((_, index) => logs.map((log) => log[index]));
    await appendLog(store, interleaved);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The read models as the live projection engine builds them, in a file of their own. */
  async function liveModels() {
    const readModels = SqliteReadModelStore.open({ file: join(dir, 'live.sqlite') });
    const engine = new ProjectionEngine({ store, readModels, batchSize: 7 });
    try {
      engine.start();
      await engine.catchUp(20_000);
      return await dumpReadModels(readModels);
    } finally {
      await engine.stop();
      await readModels.close();
    }
  }

  it.each([1, 2, 3])(
    'replays the log in %i part(s) side by side into the read models the live engine builds',
    async (parts) => {
      const expected = await liveModels();
      const head = await store.headPosition();

      const report = await rebuildSqliteReadModels({ dataDir: dir, parts, batchSize: 5, workerExecArgv });

      expect(report).toEqual({ head, parts });
      const readModels = SqliteReadModelStore.open({ dataDir: dir });
      try {
        expect(await dumpReadModels(readModels)).toEqual(expected);
        // The parts' own checkpoints are gone: every read model is at the head, nothing else.
        expect(await readModels.checkpoints()).toEqual(
          new Map(checkpointNames().map((name) => [name, head])),
        );
      } finally {
        await readModels.close();
      }
    },
    60_000,
  );

  it('leaves the read models to the live engine afterwards: it projects what is appended next', async () => {
    await rebuildSqliteReadModels({ dataDir: dir, parts: 2, workerExecArgv });
    const readModels = SqliteReadModelStore.open({ dataDir: dir });
    const engine = new ProjectionEngine({ store, readModels });
    try {
      engine.start();
      await appendLog(store, referenceLog('closed', 'kg-khoi-9'));
      await engine.catchUp(20_000);
      const blocs = await readModels.listDocuments('blocs');
      expect(blocs.map((document) => document.key)).toEqual([...BLOCS, 'kg-khoi-9']);
    } finally {
      await engine.stop();
      await readModels.close();
    }
  }, 60_000);

  it('fails when a part fails, and leaves the read models as they were', async () => {
    const readModels = SqliteReadModelStore.open({ dataDir: dir });
    const engine = new ProjectionEngine({ store, readModels });
    try {
      engine.start();
      await engine.catchUp(20_000);
      await engine.stop();
      const before = await dumpReadModels(readModels);
      const checkpoints = await readModels.checkpoints();
      const db = new Database(join(dir, 'events.sqlite'));
      db.prepare("UPDATE events SET data = 'not json' WHERE position = 40").run();
      db.close();

      await expect(rebuildSqliteReadModels({ dataDir: dir, parts: 2, workerExecArgv })).rejects.toThrow(
        /replaying part/,
      );

      expect(await dumpReadModels(readModels)).toEqual(before);
      expect(await readModels.checkpoints()).toEqual(checkpoints);
      expect(existsSync(join(dir, 'rebuild'))).toBe(false);
    } finally {
      await engine.stop();
      await readModels.close();
    }
  }, 60_000);

  it('runs in a process started with options its worker threads cannot take, as the CLI may be', async () => {
    const head = await store.headPosition();
    const script = fileURLToPath(new URL('../testing/run-rebuild.ts', import.meta.url));
    // --max-old-space-size is a V8 option: a worker thread refuses it when it is handed over.
    const child = spawn(process.execPath, ['--max-old-space-size=512', ...workerExecArgv, script, dir, '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, errors: errors.includes('Error') ? errors : '' }).toEqual({ code: 0, errors: '' });
    expect(JSON.parse(output.trim())).toEqual({ head, parts: 2 });
  }, 60_000);
});
