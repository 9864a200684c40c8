import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SqliteEventStore } from '@app/event-store';
import { ReadModelDocuments } from '../read-model-documents.js';
import { rankingView } from '../standings/standings.view.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import { dumpReadModels } from '../testing/read-model-dump.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { ProjectionEngine } from './projection-engine.js';

const tsLoader = new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href;
const projectorScript = fileURLToPath(new URL('../testing/run-projector.ts', import.meta.url));
const BLOCS = Array.from({ length: 20 }, (_, index) => `khoi-${index + 1}`);

describe('ProjectionEngine after its process is killed mid-stream', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModelStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projections-crash-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    readModels = SqliteReadModelStore.open({ dataDir: dir });
  });

  afterEach(async () => {
    await readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from its checkpoint into the same models as a clean rebuild', async () => {
    // Blocs appended concurrently interleave in the log, as real traffic does.
    await Promise.all(BLOCS.map((blocId) => appendLog(store, referenceLog('closed', blocId))));
    const head = await store.headPosition();

    // The child holds once its commits bring every read model a quarter of the way, and says so.
    const child = spawn(
      process.execPath,
      ['--import', tsLoader, projectorScript, dir, '5', '--hold-at', String(Math.ceil(head / 4))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_, signal) => resolve(signal)),
    );
    const holding = new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const held = /^holding at (\d+)$/.exec(line);
        if (held !== null) resolve(Number(held[1]));
      });
      child.once('exit', (code) => reject(new Error(`the projector exited early with ${code}`)));
    });
    // Not started: it only reads the stored checkpoints the child writes.
    const engine = new ProjectionEngine({ store, readModels, batchSize: 50 });
    const reached = async (): Promise<number> =>
      Math.min(...(await engine.status()).map((status) => status.position));
    const killedAt = await holding;
    expect(killedAt).toBeGreaterThanOrEqual(head / 4);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const resumedFrom = await reached();
    expect(resumedFrom).toBeGreaterThanOrEqual(killedAt);
    expect(resumedFrom).toBeLessThan(head);

    try {
      engine.start();
      await engine.waitForPosition(head, 30_000);
      const resumed = await dumpReadModels(readModels);
      // No event lost or indexed twice...
      expect(resumed.audit['{}']).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      // ...and no event counted twice in the standings.
      const documents = new ReadModelDocuments(readModels);
      for (const blocId of BLOCS) {
        const { units } = rankingView(await documents.standingsDocument(blocId, 2017));
        expect(
          units.map(({ rank, unitId, total, byContent, indicators }) => ({
            rank,
            unitId,
            total,
            byContent,
            indicators,
          })),
        ).toEqual(referenceCase.expected.ranking);
      }

      await engine.rebuild();
      expect(await dumpReadModels(readModels)).toEqual(resumed);
    } finally {
      await engine.stop();
    }
  });
});
