/**
 * Read-your-writes: hands a query the read models' documents once they reflect every event the
 * log held when the query arrived.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PROJECTION_ENGINE, type ProjectionEngine, ReadModelDocuments } from '@app/projections';

/**
 * How long a query waits for the read models to reach the log's head. Long enough to ride out
 * a burst of writes; past it the answer is 503 rather than silently stale data.
 */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/**
 * The read models once they reflect every event the log held when the query arrived, so that
 * a query sent after a command's answer sees that command (API.md: read-your-writes). With
 * PROJECTIONS=off the engine follows the projector's stored checkpoints instead.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTION_ENGINE) private readonly engine: ProjectionEngine,
    private readonly documents: ReadModelDocuments,
  ) {}

  /** Throws ProjectionLagError (HTTP 503) when the read models do not catch up in time. */
  async readModelsCaughtUp(): Promise<ReadModelDocuments> {
    await this.engine.catchUp(READ_YOUR_WRITES_TIMEOUT_MS);
    return this.documents;
  }
}
