/** Replays the log into the read models: a rebuild from position 0, or given batches of a part of the log. */
import type { EventStore, ReplayedEvent } from '@app/event-store';
import { CheckpointConflictError } from '../projection.errors.js';
import type { ReadModelStore } from '../storage/read-model-store.port.js';
import type { CheckpointWatch } from './checkpoint-watch.js';
import type { FoldBuffer } from './fold-buffer.js';
import type { ProjectorLifecycle } from './projector-lifecycle.js';

/** The parts of an engine a replay drives. */
export interface ReplayParts {
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  readonly lifecycle: ProjectorLifecycle;
  readonly checkpoints: CheckpointWatch;
  readonly folds: FoldBuffer;
  /** Folds a batch and commits what is due, as the projector does. */
  readonly apply: (events: readonly ReplayedEvent[]) => Promise<void>;
}

/**
 * Drops every read model and checkpoint and replays the log from position 0, page by page
 * through the subscription; resolves once the models reach the head the log had at the start.
 */
export async function rebuild(parts: ReplayParts): Promise<void> {
  const { lifecycle } = parts;
  const wasRunning = lifecycle.isStarted;
  await lifecycle.stop();
  await parts.readModels.reset();
  parts.checkpoints.clear();
  parts.folds.forget();
  const head = await parts.store.headPosition();
  const failed = new AbortController();
  // A conflict only means another projector wrote meanwhile: the engine resumes on its own.
  const stopListening = lifecycle.onFailure((error) => {
    if (!(error instanceof CheckpointConflictError)) failed.abort(error);
  });
  lifecycle.start();
  try {
    await parts.checkpoints.waitFor(head, Infinity, failed.signal);
    await parts.readModels.finishRebuild();
  } finally {
    stopListening();
    if (!wasRunning) await lifecycle.stop();
  }
}

/**
 * Folds these batches (ascending positions, possibly one part of the log) into the read
 * models as a catch-up does, from the stored checkpoints, and commits what is pending at the
 * end. For a replayer that the caller keeps alone with its read models; not while started.
 */
export async function replayBatches(
  parts: ReplayParts,
  batches: AsyncIterable<readonly ReplayedEvent[]>,
): Promise<void> {
  if (parts.lifecycle.isStarted) throw new Error('the engine is projecting: stop it before a replay');
  parts.folds.forget();
  parts.folds.takeOver(await parts.readModels.checkpoints());
  try {
    for await (const events of batches) await parts.apply(events);
    await parts.folds.commit();
  } finally {
    parts.folds.forget();
  }
}
