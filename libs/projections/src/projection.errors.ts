/** What the read side refuses or fails with: a model not found, a ranking not final, lag, a checkpoint conflict. */
import { DomainError } from '@app/domain';

/** The bloc or bloc-year asked for does not exist in the read models. */
export class ReadModelNotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
    this.name = 'ReadModelNotFoundError';
  }
}

/** The final ranking exists only once scoring is finalized. */
export class RankingNotFinalError extends DomainError {
  constructor(blocId: string, year: number) {
    super('WRONG_PHASE', `the ranking of ${blocId} ${year} is not final before scoring is finalized`, {
      blocId,
      year,
    });
    this.name = 'RankingNotFinalError';
  }
}

/** The read models did not reach a position in time; answering would show stale data. */
export class ProjectionLagError extends Error {
  readonly code = 'PROJECTION_LAG';
  constructor(
    readonly position: number,
    /** The lowest position reached by the projections when waiting gave up. */
    readonly reached: number,
    readonly timeoutMs: number,
  ) {
    super(`read models reached position ${reached}, not ${position}, within ${timeoutMs} ms`);
    this.name = 'ProjectionLagError';
  }
}

/**
 * A projection's checkpoint moved under the projector: another projector wrote the same read
 * models. The batch is rolled back; the projector reloads its checkpoints and resumes.
 */
export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(
    readonly projection: string,
    readonly expected: number,
  ) {
    super(`checkpoint of ${projection} is no longer ${expected}`);
    this.name = 'CheckpointConflictError';
  }
}

/**
 * What the audit index remembered of a list's last chunk no longer matches the file: another
 * process wrote the same read models. Like a checkpoint conflict, the batch is rolled back and
 * the projector reloads and resumes.
 */
export class ReadModelsMovedError extends Error {
  readonly code = 'READ_MODELS_MOVED';
  constructor(detail: string) {
    super(detail);
    this.name = 'ReadModelsMovedError';
  }
}

/** Another process advanced the read models under this one: expected beside a second projector, not a fault. */
export function isConcurrentProjectorError(error: unknown): boolean {
  return error instanceof CheckpointConflictError || error instanceof ReadModelsMovedError;
}
