import { describe, expect, it } from '@jest/globals';
import { ProjectionLagError } from '../projection.errors.js';
import { ReadModelDocuments } from '../read-model-documents.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { sqliteEngineWorld } from '../testing/sqlite-engine-fixture.js';

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
});
