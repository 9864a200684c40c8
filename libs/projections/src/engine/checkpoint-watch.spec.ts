import { describe, expect, it } from '@jest/globals';
import { ProjectionLagError } from '../projection.errors.js';
import { ReadModelDocuments } from '../read-model-documents.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { sqliteEngineWorld } from '../testing/sqlite-engine-fixture.js';
import type { ProjectionCommit, ReadModelStore } from '../storage/read-model-store.port.js';
import { ProjectionEngine } from './projection-engine.js';

/** `models`, counting its commits. */
function countingCommits(models: ReadModelStore): { readonly models: ReadModelStore; commits: () => number } {
  let commits = 0;
  const counting = new Proxy(models, {
    get(target, property) {
      if (property === 'commit')
        return (commit: ProjectionCommit): Promise<void> => {
          commits++;
          return target.commit(commit);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { models: counting, commits: () => commits };
}

describe('ProjectionEngine read-your-writes over the SQLite event store', () => {
  const world = sqliteEngineWorld();

  it('follows events appended while it runs (read-your-writes through waitForPosition)', async () => {
    const { store, readModels } = world;
    const engine = world.engineOver(store);
    engine.start();
    const log = referenceLog('closed');
    await appendLog(store, log.slice(0, 10));
    const head = await appendLog(store, log.slice(10));
    await engine.catchUp(10_000);
    expect((await engine.status()).every((status) => status.position === head)).toBe(true);
    const cycle = await new ReadModelDocuments(readModels).cycleDocument(referenceCase.bloc.id, 2017);
    expect(cycle.phase).toBe('closed');
  });

  it('throws ProjectionLagError when the read models do not reach the position in time', async () => {
    const { store } = world;
    const head = await appendLog(store, referenceLog('registered'));
    const idle = world.engineOver(store);
    await expect(idle.waitForPosition(head, 50)).rejects.toBeInstanceOf(ProjectionLagError);
    await expect(idle.waitForPosition(head, 50)).rejects.toMatchObject({ position: head, reached: 0 });
  });

  it('follows another engine through the stored checkpoints when it does not project itself', async () => {
    const { store } = world;
    const head = await appendLog(store, referenceLog('opened'));
    const observer = world.engineOver(store);
    const waiting = observer.waitForPosition(head, 10_000);
    world.engineOver(store).start();
    await expect(waiting).resolves.toBeUndefined();
    expect(observer.isProjecting).toBe(false);
  });

  it('holds live reads back between commits, and answers a query waiting for a position at once', async () => {
    const { store, readModels } = world;
    const counted = countingCommits(readModels);
    // Pauses of an hour: only a query waiting for a position (or stop) ends one.
    const engine = world.track(
      new ProjectionEngine({
        store,
        readModels: counted.models,
        pacing: { minIntervalMs: 3_600_000, maxIntervalMs: 3_600_000 },
      }),
    );
    const log = referenceLog('closed');
    const first = await appendLog(store, log.slice(0, 1));
    engine.start();
    await engine.waitForPosition(first, 10_000);
    const afterFirst = counted.commits();

    // Appended one by one, as commands arrive: the projector, pausing, reads none of them yet.
    let head = first;
    for (const event of log.slice(1)) head = await appendLog(store, [event]);
    expect(head).toBe(log.length);
    expect([...(await readModels.checkpoints()).values()].every((position) => position === first)).toBe(true);
    expect(counted.commits()).toBe(afterFirst);

    // A query waiting for the head ends the pause: one read, one fold, one commit for them all.
    await engine.waitForPosition(head, 10_000);
    expect(counted.commits()).toBe(afterFirst + 1);
    const cycle = await new ReadModelDocuments(readModels).cycleDocument(referenceCase.bloc.id, 2017);
    expect(cycle.phase).toBe('closed');
    // Stopping ends the pause too (an engine that did not stop would hold the spec past its timeout).
    await engine.stop();
  });
});
