import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { DocumentProjection } from '../projection.js';
import { ReadModelDocuments } from '../read-model-documents.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import { dumpReadModels } from '../testing/read-model-dump.js';
import { appendLog, referenceLog } from '../testing/reference-log.js';
import { sqliteEngineWorld } from '../testing/sqlite-engine-fixture.js';
import { ProjectionEngine } from './projection-engine.js';

describe('ProjectionEngine rebuild and replay over the SQLite event store', () => {
  const world = sqliteEngineWorld();

  it('rebuilds from position 0 into exactly the live models', async () => {
    const { store, readModels } = world;
    const engine = world.engineOver(store, readModels, 7);
    engine.start();
    // Appended while the engine projects, in small batches: the live path, not a bulk replay.
    for (const blocId of ['kg-khoi-4', 'kg-khoi-5', 'kg-khoi-6']) {
      await appendLog(store, referenceLog('closed', blocId));
    }
    await engine.catchUp(20_000);
    const live = await dumpReadModels(readModels);
    expect(live.documents.length).toBeGreaterThan(0);

    await engine.rebuild();
    expect(await dumpReadModels(readModels)).toEqual(live);
    // The engine keeps running after a rebuild.
    const head = await appendLog(store, referenceLog('registered', 'kg-khoi-7'));
    await engine.waitForPosition(head, 10_000);
    expect((await new ReadModelDocuments(readModels).blocDocuments()).map((bloc) => bloc.id)).toContain(
      'kg-khoi-7',
    );
  });

  it.each([
    ['documents kept until the end', 1_000_000],
    ['documents flushed as it goes', 3],
  ])('replays given batches into exactly the live models (%s)', async (_, maxPendingDocuments) => {
    const { store, readModels, dir } = world;
    const blocs = ['kg-khoi-4', 'kg-khoi-5', 'kg-khoi-6'];
    const logs = blocs.map((blocId) => referenceLog('closed', blocId));
    await appendLog(
      store,
      logs[0].flatMap((_, index) => logs.map((log) => log[index])),
    );
    const live = world.engineOver(store, readModels, 7);
    live.start();
    await live.catchUp(20_000);
    await live.stop();
    const expected = await dumpReadModels(readModels);
    const head = await store.headPosition();

    const replayedModels = SqliteReadModelStore.open({ file: join(dir, 'replayed.sqlite') });
    const replaying = new ProjectionEngine({
      store,
      readModels: replayedModels,
      batchSize: 5,
      maxPendingDocuments,
      maxEventsPerCommit: 11,
      cacheSize: 2,
    });
    async function* pages() {
      for (let after = 0; after < head; after += 5) yield await store.readAll({ after, maxCount: 5 });
    }
    // Read models that start empty hold no document the engine did not store itself: it asks
    // for those it stored and no longer caches, and for no other.
    const loaded: string[] = [];
    const loadDocuments = replayedModels.loadDocuments.bind(replayedModels);
    replayedModels.loadDocuments = async (projection, keys) => {
      loaded.push(...keys);
      return loadDocuments(projection, keys);
    };
    try {
      await replaying.replay(pages());
      expect(await dumpReadModels(replayedModels)).toEqual(expected);
      expect(await replayedModels.checkpoints()).toEqual(await readModels.checkpoints());
      if (maxPendingDocuments === 1_000_000) expect(loaded).toEqual([]);
      else expect(loaded.length).toBeGreaterThan(0);
    } finally {
      await replayedModels.close();
    }
  });

  it('fails a rebuild that cannot apply the log instead of waiting forever', async () => {
    const { store, readModels } = world;
    await appendLog(store, referenceLog('registered'));
    const broken: DocumentProjection<never> = {
      name: 'broken',
      keyOf: (event) => event.type,
      evolve: () => {
        throw new Error('cannot fold this event');
      },
    };
    const engine = new ProjectionEngine({ store, readModels, projections: [broken], retryDelayMs: 10 });
    world.track(engine);
    await expect(engine.rebuild()).rejects.toThrow('cannot fold this event');
    expect(await readModels.checkpoints()).toEqual(new Map());
  });
});
