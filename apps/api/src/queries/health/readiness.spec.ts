import { describe, expect, it } from '@jest/globals';
import { READY_MAX_LAG, readinessOf, unreachable } from './readiness.js';

describe('readiness', () => {
  it('is ready while every read model keeps within the allowed lag', () => {
    const projections = [
      { name: 'blocs', position: 10, lag: 0 },
      { name: 'audit', position: 10 - READY_MAX_LAG, lag: READY_MAX_LAG },
    ];
    expect(readinessOf(projections)).toEqual({ status: 'ready', projections });
  });

  it('is unavailable, naming the models, once one falls further behind', () => {
    const projections = [
      { name: 'blocs', position: 5_000, lag: 0 },
      { name: 'standings', position: 0, lag: READY_MAX_LAG + 1 },
    ];
    expect(readinessOf(projections)).toEqual({
      status: 'unavailable',
      reason: `read models more than ${READY_MAX_LAG} events behind: standings (${READY_MAX_LAG + 1})`,
      projections,
    });
  });

  it('is unavailable when the stores do not answer, saying nothing of why', () => {
    expect(unreachable()).toEqual({ status: 'unavailable', reason: 'stores unreachable' });
  });
});
