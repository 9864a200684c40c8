import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SqliteEventStore,
  type AppendOptions,
  type BatchHandler,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
} from '@app/event-store';
import type { DocumentProjection } from '../projection.js';
import { ProjectionLagError } from '../projection.errors.js';
import { documentProjections } from '../read-model-projections.js';
import { ReadModels } from '../read-models.js';
import type { ProjectionCommit } from '../storage/read-model-store.port.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import { dumpReadModels } from '../testing/read-model-dump.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { ProjectionEngine } from './projection-engine.js';

/**
 * Delivers every batch together with the one before it (half already applied), then again
 * alone, then the one before again: what a subscription resuming from an old checkpoint, or
 * a retried handler, would do.
 */
class ReplayingEventStore implements EventStore {
  readonly name = 'replaying';
  constructor(private readonly inner: EventStore) {}
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions) {
    return this.inner.append(streamId, events, options);
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.inner.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions) {
    return this.inner.readAll(options);
  }
  headPosition() {
    return this.inner.headPosition();
  }
  subscribe(options: SubscribeOptions, handler: BatchHandler) {
    let previous: Parameters<BatchHandler>[0] = [];
    return this.inner.subscribe(options, async (batch) => {
      await handler([...previous, ...batch]);
      await handler(batch);
      await handler(previous);
      previous = batch;
    });
  }
  verifyIntegrity() {
    return this.inner.verifyIntegrity();
  }
  close() {
    return this.inner.close();
  }
}

describe('ProjectionEngine over the SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModelStore;
  const engines: ProjectionEngine[] = [];

  const engineOver = (eventStore: EventStore, models = readModels, batchSize = 500): ProjectionEngine => {
    const engine = new ProjectionEngine({
      store: eventStore,
      readModels: models,
      batchSize,
      retryDelayMs: 50,
    });
    engines.push(engine);
    return engine;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projections-'));
    store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    readModels = SqliteReadModelStore.open({ dataDir: dir });
  });

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.stop()));
    await readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projects the stored log and answers once it reached the head', async () => {
    const head = await appendLog(store, referenceLog('closed'));
    const engine = engineOver(store);
    engine.start();
    await engine.waitForPosition(head, 10_000);

    const standings = await new ReadModels(readModels, store).standings(referenceCase.bloc.id, 2017);
    expect(standings.units.map((row) => [row.unitId, row.total])).toEqual(
      referenceCase.expected.ranking.map((row) => [row.unitId, row.total]),
    );
    expect(await engine.status()).toEqual(
      ['blocs', 'cycles', 'standings', 'leadership', 'audit'].map((name) => ({
        name,
        position: head,
        lag: 0,
      })),
    );
  });

  it('follows events appended while it runs (read-your-writes through waitForPosition)', async () => {
    const engine = engineOver(store);
    engine.start();
    const log = referenceLog('closed');
    await appendLog(store, log.slice(0, 10));
    const head = await appendLog(store, log.slice(10));
    await engine.catchUp(10_000);
    expect((await engine.status()).every((status) => status.position === head)).toBe(true);
    const cycle = await new ReadModels(readModels, store).cycle(referenceCase.bloc.id, 2017);
    expect(cycle.phase).toBe('closed');
  });

  it.each([
    ['one commit per batch', 13, 1],
    ['commits spanning batches', 25_000, 2_500],
    ['audit commits while the documents stay pending', 13, 1_000_000],
  ])(
    'changes nothing when batches are delivered again (%s)',
    async (_, maxEventsPerCommit, maxPendingDocuments) => {
      await appendLog(store, referenceLog('closed'));
      await appendLog(store, referenceLog('closed', 'kg-khoi-5'));
      const clean = engineOver(store, readModels, 13);
      await clean.rebuild();
      const expected = await dumpReadModels(readModels);

      const replayedModels = SqliteReadModelStore.open({ file: join(dir, 'replayed.sqlite') });
      const replaying = new ProjectionEngine({
        store: new ReplayingEventStore(store),
        readModels: replayedModels,
        projections: [...documentProjections, eventCounts],
        batchSize: 13,
        maxEventsPerCommit,
        maxPendingDocuments,
      });
      try {
        replaying.start();
        await replaying.catchUp(20_000);
        const replayed = await dumpReadModels(replayedModels);
        expect(replayed).toEqual(expected);
        expect(replayed.audit['{}']).toEqual(range(1, await store.headPosition()));
        // A projection that is not idempotent by nature: it counts every event it is given.
        const counted = await replayedModels.listDocuments(eventCounts.name);
        const byType = new Map<string, number>();
        for (const [probe, positions] of Object.entries(expected.audit)) {
          const { types } = JSON.parse(probe) as { types?: string[] };
          if (types !== undefined && positions.length > 0) byType.set(types[0], positions.length);
        }
        expect(new Map(counted.map((document) => [document.key, document.body]))).toEqual(byType);
      } finally {
        await replaying.stop();
        await replayedModels.close();
      }
    },
  );

  it('resumes each projection from its own checkpoint when pending documents fail to commit', async () => {
    await appendLog(store, referenceLog('closed'));
    await appendLog(store, referenceLog('closed', 'kg-khoi-5'));
    const head = await store.headPosition();
    await engineOver(store, readModels, 13).rebuild();
    const expected = await dumpReadModels(readModels);

    const models = SqliteReadModelStore.open({ file: join(dir, 'resumed.sqlite') });
    let storedAtFailure: ReadonlyMap<string, number> | undefined;
    // Fails the first commit that carries documents: the audit index has committed on its own before.
    const failingOnce = new Proxy(models, {
      get(target, property) {
        if (property === 'commit')
          return async (commit: ProjectionCommit): Promise<void> => {
            if (storedAtFailure === undefined && commit.documents.length > 0) {
              storedAtFailure = await target.checkpoints();
              throw new Error('disk full');
            }
            await target.commit(commit);
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const engine = new ProjectionEngine({
      store,
      readModels: failingOnce,
      projections: [...documentProjections, eventCounts],
      batchSize: 13,
      maxEventsPerCommit: 13,
      maxPendingDocuments: 1_000_000,
      retryDelayMs: 10,
    });
    engines.push(engine);
    try {
      engine.start();
      await engine.catchUp(20_000);
      expect(storedAtFailure?.get('audit')).toBeGreaterThan(0);
      expect(storedAtFailure?.get('standings')).toBeUndefined();
      const resumed = await dumpReadModels(models);
      expect(resumed).toEqual(expected);
      expect(resumed.audit['{}']).toEqual(range(1, head));
      const counted = await models.listDocuments(eventCounts.name);
      expect(counted.reduce((total, document) => total + (document.body as number), 0)).toBe(head);
    } finally {
      await engine.stop();
      await models.close();
    }
  });

  it('rebuilds from position 0 into exactly the live models', async () => {
    const engine = engineOver(store, readModels, 7);
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
    expect((await new ReadModels(readModels, store).blocs()).map((bloc) => bloc.id)).toContain('kg-khoi-7');
  });

  it.each([
    ['documents kept until the end', 1_000_000],
    ['documents flushed as it goes', 3],
  ])('replays given batches into exactly the live models (%s)', async (_, maxPendingDocuments) => {
    const blocs = ['kg-khoi-4', 'kg-khoi-5', 'kg-khoi-6'];
    const logs = blocs.map((blocId) => referenceLog('closed', blocId));
    await appendLog(
      store,
      logs[0].flatMap((_, index) => logs.map((log) => log[index])),
    );
    const live = engineOver(store, readModels, 7);
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
    await appendLog(store, referenceLog('registered'));
    const broken: DocumentProjection<never> = {
      name: 'broken',
      keyOf: (event) => event.type,
      evolve: () => {
        throw new Error('cannot fold this event');
      },
    };
    const engine = new ProjectionEngine({ store, readModels, projections: [broken], retryDelayMs: 10 });
    engines.push(engine);
    await expect(engine.rebuild()).rejects.toThrow('cannot fold this event');
    expect(await readModels.checkpoints()).toEqual(new Map());
  });

  it('throws ProjectionLagError when the read models do not reach the position in time', async () => {
    const head = await appendLog(store, referenceLog('registered'));
    const idle = engineOver(store);
    await expect(idle.waitForPosition(head, 50)).rejects.toBeInstanceOf(ProjectionLagError);
    await expect(idle.waitForPosition(head, 50)).rejects.toMatchObject({ position: head, reached: 0 });
  });

  it('follows another engine through the stored checkpoints when it does not project itself', async () => {
    const head = await appendLog(store, referenceLog('opened'));
    const observer = engineOver(store);
    const waiting = observer.waitForPosition(head, 10_000);
    engineOver(store).start();
    await expect(waiting).resolves.toBeUndefined();
    expect(observer.isProjecting).toBe(false);
  });
});

const eventCounts: DocumentProjection<number> = {
  name: 'event-counts',
  keyOf: (event) => event.type,
  evolve: (count = 0) => count + 1,
};

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);
