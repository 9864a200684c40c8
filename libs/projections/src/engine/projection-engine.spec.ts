import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  type AppendOptions,
  type BatchHandler,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
} from '@app/event-store';
import type { DocumentProjection } from '../projection.js';
import { documentProjections } from '../document-projections.js';
import { ReadModelDocuments } from '../read-model-documents.js';
import { standingsView } from '../standings/standings.view.js';
import type { ProjectionCommit } from '../storage/read-model-store.port.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';
import { dumpReadModels } from '../testing/read-model-dump.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { sqliteEngineWorld } from '../testing/sqlite-engine-fixture.js';
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
  const world = sqliteEngineWorld();

  /** Two blocs' closed years in the log, and the read models a clean rebuild makes of them. */
  const twoBlocsRebuilt = async (): Promise<{
    head: number;
    expected: Awaited<ReturnType<typeof dumpReadModels>>;
  }> => {
    const { store, readModels } = world;
    await appendLog(store, referenceLog('closed'));
    await appendLog(store, referenceLog('closed', 'kg-khoi-5'));
    await world.engineOver(store, readModels, 13).rebuild();
    return { head: await store.headPosition(), expected: await dumpReadModels(readModels) };
  };

  it('projects the stored log and answers once it reached the head', async () => {
    const { store, readModels } = world;
    const head = await appendLog(store, referenceLog('closed'));
    const engine = world.engineOver(store);
    engine.start();
    await engine.waitForPosition(head, 10_000);

    const standings = standingsView(
      await new ReadModelDocuments(readModels).standingsDocument(referenceCase.bloc.id, 2017),
    );
    expect(standings.units.map((row) => [row.unitId, row.total])).toEqual(
      referenceCase.expected.ranking.map((row) => [row.unitId, row.total]),
    );
    expect(await engine.status()).toEqual(
      [...documentProjections.map((projection) => projection.name), 'audit'].map((name) => ({
        name,
        position: head,
        lag: 0,
      })),
    );
  });

  it.each([
    ['one commit per batch', 13, 1],
    ['commits spanning batches', 25_000, 2_500],
    ['audit commits while the documents stay pending', 13, 1_000_000],
  ])(
    'changes nothing when batches are delivered again (%s)',
    async (_, maxEventsPerCommit, maxPendingDocuments) => {
      const { store, readModels, dir } = world;
      await appendLog(store, referenceLog('closed'));
      await appendLog(store, referenceLog('closed', 'kg-khoi-5'));
      const clean = world.engineOver(store, readModels, 13);
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
    const { store, dir } = world;
    const { head, expected } = await twoBlocsRebuilt();

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
    world.track(engine);
    try {
      engine.start();
      await engine.catchUp(20_000);
      expect(storedAtFailure?.get('audit')).toBeGreaterThan(0);
      expect(storedAtFailure?.get('standings')).toBeUndefined();
      await expectResumedAsRebuilt(models, expected, head);
    } finally {
      await engine.stop();
      await models.close();
    }
  });

  it("resumes into the same models, nothing applied twice, when the read models' writer thread dies before or after its COMMIT", async () => {
    const { store, dir } = world;
    const { head, expected } = await twoBlocsRebuilt();

    // The thread dies after the 3rd commit's COMMIT (stored, unanswered) and before the 7th's
    // (not stored), counting the commits sent again after each failure.
    let commits = 0;
    const models = SqliteReadModelStore.open({
      file: join(dir, 'threaded.sqlite'),
      writer: 'thread',
      writerFaults: () => {
        commits++;
        return commits === 3 ? 'exit-after-commit' : commits === 7 ? 'exit-before-commit' : undefined;
      },
    });
    const failures: unknown[] = [];
    const engine = new ProjectionEngine({
      store,
      readModels: models,
      projections: [...documentProjections, eventCounts],
      batchSize: 13,
      maxEventsPerCommit: 13,
      maxPendingDocuments: 20,
      retryDelayMs: 10,
      onError: (error) => failures.push(error),
    });
    world.track(engine);
    try {
      engine.start();
      await engine.catchUp(20_000);
      expect(commits).toBeGreaterThan(7);
      expect(failures.map((error) => (error as Error).name)).toEqual([
        'WriterThreadStoppedError',
        'WriterThreadStoppedError',
      ]);
      await expectResumedAsRebuilt(models, expected, head);
    } finally {
      await engine.stop();
      await models.close();
    }
  });
});

/**
 * The models a projector resumed into after failures equal a clean rebuild's, their audit index
 * holds every position once, and the counting projection saw each event exactly once.
 */
async function expectResumedAsRebuilt(
  models: SqliteReadModelStore,
  expected: Awaited<ReturnType<typeof dumpReadModels>>,
  head: number,
): Promise<void> {
  const resumed = await dumpReadModels(models);
  expect(resumed).toEqual(expected);
  expect(resumed.audit['{}']).toEqual(range(1, head));
  const counted = await models.listDocuments(eventCounts.name);
  expect(counted.reduce((total, document) => total + (document.body as number), 0)).toBe(head);
}

const eventCounts: DocumentProjection<number> = {
  name: 'event-counts',
  keyOf: (event) => event.type,
  evolve: (count = 0) => count + 1,
};

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);
