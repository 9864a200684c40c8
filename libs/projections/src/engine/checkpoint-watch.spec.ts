import { describe, expect, it, jest } from '@jest/globals';
import { ProjectionLagError } from '../projection.errors.js';
import { ReadModelDocuments } from '../read-model-documents.js';
import { appendLog, referenceCase, referenceLog } from '../testing/reference-log.js';
import { sqliteEngineWorld } from '../testing/sqlite-engine-fixture.js';
import type { ProjectionCommit, ReadModelStore } from '../storage/read-model-store.port.js';
import { CheckpointWatch } from './checkpoint-watch.js';
import { CommitPacer, type Pacing } from './commit-pacer.js';
import { ProjectionEngine } from './projection-engine.js';

/** Pauses of an hour: only a query waiting for a position (or stop) ends one. */
const hour: Pacing = { minIntervalMs: 3_600_000, maxIntervalMs: 3_600_000, maxThreadShare: 1 };

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

  /**
   * An engine pausing an hour between commits, started on the reference log's first event and
   * caught up to it; then the rest of the log appended one event at a time, as commands arrive.
   */
  async function pausedEngineBehindTheLog() {
    const { store, readModels } = world;
    const counted = countingCommits(readModels);
    const engine = world.track(new ProjectionEngine({ store, readModels: counted.models, pacing: hour }));
    const log = referenceLog('closed');
    const first = await appendLog(store, log.slice(0, 1));
    engine.start();
    await engine.waitForPosition(first, 10_000);
    const afterFirst = counted.commits();
    let head = first;
    for (const event of log.slice(1)) head = await appendLog(store, [event]);
    return { engine, counted, log, first, afterFirst, head };
  }

  it('holds live reads back between commits, and answers a query waiting for a position at once', async () => {
    const { readModels } = world;
    const { engine, counted, log, first, afterFirst, head } = await pausedEngineBehindTheLog();

    // Appended one by one, as commands arrive: the projector, pausing, reads none of them yet.
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

  it('keeps the pause for a watcher following the positions (a live stream), and wakes it with the next commit', async () => {
    const { engine, counted, afterFirst, head } = await pausedEngineBehindTheLog();

    const expedite = jest.spyOn(CommitPacer.prototype, 'expedite');
    try {
      const following = new AbortController();
      let followed = false;
      const follower = engine
        .waitForPosition(head, Number.POSITIVE_INFINITY, following.signal, { expedite: false })
        .then(() => (followed = true));
      // The wait registers at once: had it expedited, the pause would be over already.
      expect(expedite).not.toHaveBeenCalled();
      expect(followed).toBe(false);

      // A query waiting for the head ends the pause; the watcher is woken by the same commit.
      await engine.waitForPosition(head, 10_000);
      expect(expedite).toHaveBeenCalledTimes(1);
      await follower;
      expect(counted.commits()).toBe(afterFirst + 1);
    } finally {
      expedite.mockRestore();
    }
  });
});

describe('CheckpointWatch', () => {
  /** A watch in the process that projects, and its projector's pacer, wired as the engine wires them. */
  function projecting(): { readonly watch: CheckpointWatch; readonly pacer: CommitPacer } {
    const wired: { pacer?: CommitPacer } = {};
    const watch = new CheckpointWatch({
      names: ['standings', 'audit'],
      // Never read: this process projects, its own commits move the checkpoints.
      readModels: {} as ReadModelStore,
      isProjecting: () => true,
      pollIntervalMs: 25,
      onWaiting: () => wired.pacer?.expedite(),
    });
    wired.pacer = new CommitPacer({ pacing: hour, isWanted: () => watch.isWaitedFor() });
    return { watch, pacer: wired.pacer };
  }

  const advance = (to: number) => [
    { projection: 'standings', from: 0, to },
    { projection: 'audit', from: 0, to },
  ];

  it('lets a watcher wait without ending the pause of the projector; a query waiting for its write ends it', async () => {
    const { watch, pacer } = projecting();
    pacer.working();
    pacer.committed();
    let paused = true;
    const pause = pacer.pause(new AbortController().signal).then(() => (paused = false));

    const following = new AbortController();
    const follower = watch.waitFor(1, Number.POSITIVE_INFINITY, following.signal, { expedite: false });
    expect(watch.isWaitedFor()).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(paused).toBe(true);

    const query = watch.waitFor(1, Number.POSITIVE_INFINITY);
    expect(watch.isWaitedFor()).toBe(true);
    await pause;
    watch.committed(advance(1));
    await expect(Promise.all([follower, query])).resolves.toEqual([undefined, undefined]);
    expect(watch.isWaitedFor()).toBe(false);
  });

  it('lets a pause start while only watchers wait, and stops a watcher when its signal aborts', async () => {
    const { watch, pacer } = projecting();
    const following = new AbortController();
    const follower = watch.waitFor(5, Number.POSITIVE_INFINITY, following.signal, { expedite: false });
    pacer.working();
    pacer.committed();
    const stopping = new AbortController();
    let paused = true;
    const pause = pacer.pause(stopping.signal).then(() => (paused = false));
    watch.committed(advance(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(paused).toBe(true);

    following.abort(new Error('the watcher left'));
    await expect(follower).rejects.toThrow('the watcher left');
    expect(paused).toBe(true);
    // The projector stopping ends the pause (a pause left on would hold the spec for an hour).
    stopping.abort();
    await pause;
  });
});
