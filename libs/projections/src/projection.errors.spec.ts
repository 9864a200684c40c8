import { describe, expect, it } from '@jest/globals';
import {
  CheckpointConflictError,
  isConcurrentProjectorError,
  ReadModelNotFoundError,
  ReadModelsMovedError,
} from './projection.errors.js';

describe('isConcurrentProjectorError', () => {
  it('tells another projector advancing the read models from a fault', () => {
    expect(isConcurrentProjectorError(new CheckpointConflictError('blocs', 12))).toBe(true);
    expect(isConcurrentProjectorError(new ReadModelsMovedError('audit index: moved'))).toBe(true);
    expect(isConcurrentProjectorError(new Error('disk I/O error'))).toBe(false);
    expect(isConcurrentProjectorError(new ReadModelNotFoundError('bloc x'))).toBe(false);
    expect(isConcurrentProjectorError('checkpoint of blocs is no longer 12')).toBe(false);
  });
});
