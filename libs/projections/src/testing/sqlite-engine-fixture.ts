/** The engine specs' world: a SQLite log and read models in a scratch folder, and the engines a spec made, stopped after it. */
import { afterEach, beforeEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import { ProjectionEngine } from '../engine/projection-engine.js';
import { SqliteReadModelStore } from '../storage/sqlite/sqlite-read-model-store.js';

/** A fresh world for each spec of the calling `describe`. */
export function sqliteEngineWorld(): SqliteEngineFixture {
  const world = new SqliteEngineFixture();
  beforeEach(() => world.open());
  afterEach(() => world.close());
  return world;
}

export class SqliteEngineFixture {
  private opened?: { dir: string; store: SqliteEventStore; readModels: SqliteReadModelStore };
  private readonly engines: ProjectionEngine[] = [];

  /** Call in beforeEach. */
  async open(): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'projections-'));
    const store = await SqliteEventStore.open({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    this.opened = { dir, store, readModels: SqliteReadModelStore.open({ dataDir: dir }) };
  }

  /** Call in afterEach: stops every engine `track`ed or made by `engineOver`, and removes the folder. */
  async close(): Promise<void> {
    await Promise.all(this.engines.splice(0).map((engine) => engine.stop()));
    const { dir, store, readModels } = this.world;
    await readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    this.opened = undefined;
  }

  get dir(): string {
    return this.world.dir;
  }

  get store(): SqliteEventStore {
    return this.world.store;
  }

  get readModels(): SqliteReadModelStore {
    return this.world.readModels;
  }

  /** An engine over `eventStore` and `models` with a short retry delay, stopped after the spec. */
  engineOver(
    eventStore: EventStore = this.store,
    models = this.readModels,
    batchSize = 500,
  ): ProjectionEngine {
    return this.track(
      new ProjectionEngine({ store: eventStore, readModels: models, batchSize, retryDelayMs: 50 }),
    );
  }

  /** Stops `engine` after the spec. */
  track(engine: ProjectionEngine): ProjectionEngine {
    this.engines.push(engine);
    return engine;
  }

  private get world(): NonNullable<SqliteEngineFixture['opened']> {
    if (this.opened === undefined) throw new Error('the fixture is not open: call open() in beforeEach');
    return this.opened;
  }
}
