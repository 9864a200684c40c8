import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import type { PreparedEvent } from '../event-store.validation.js';
import type { QueuedAppend } from '../append-queue.js';
import { planGroupCommit, type LogState } from './postgres-append-plan.js';

const prepared = (count: number): PreparedEvent[] =>
  Array.from({ length: count }, () => ({ id: randomUUID(), type: 'Tested', dataJson: '{}', metadataJson: '{}' }));

const append = (streamId: string, expectedRevision: ExpectedRevision, events: PreparedEvent[]): QueuedAppend => ({
  streamId,
  expectedRevision,
  events,
});

const emptyLog = (): LogState => ({ streamRevisions: new Map(), streamLastIds: new Map(), storedIds: new Map() });

describe('planGroupCommit', () => {
  it('numbers the rows of the accepted appends from the first free position, in queue order', () => {
    const outcomes = planGroupCommit(
      [append('a', 'no_stream', prepared(2)), append('b', 'any', prepared(1)), append('a', 1, prepared(1))],
      emptyLog(),
      11,
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['write', 'write', 'write']);
    const rows = outcomes.flatMap((outcome) => (outcome.kind === 'write' ? outcome.rows : []));
    expect(rows.map((row) => [row.streamId, row.revision, row.position])).toEqual([
      ['a', 0, 11],
      ['a', 1, 12],
      ['b', 0, 13],
      ['a', 2, 14],
    ]);
  });

  it('judges each append against the log as the appends before it in the group left it', () => {
    const log = emptyLog();
    log.streamRevisions.set('busy', 4);
    const outcomes = planGroupCommit(
      [
        append('new', 'no_stream', prepared(1)),
        append('new', 'no_stream', prepared(1)),
        append('busy', 3, prepared(1)),
        append('busy', 'exists', prepared(1)),
      ],
      log,
      1,
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['write', 'refused', 'refused', 'write']);
    expect(outcomes[1]).toMatchObject({ kind: 'refused', error: expect.any(WrongExpectedRevisionError) });
    expect(outcomes[2]).toMatchObject({ kind: 'refused', error: { expected: 3, actual: 4 } });
    expect(log.streamRevisions.get('busy')).toBe(5);
  });

  it('answers a repeat within the same group with the result of the first, writing once', () => {
    const events = prepared(2);
    const outcomes = planGroupCommit([append('a', 'no_stream', events), append('a', 'no_stream', events)], emptyLog(), 7);
    expect(outcomes[0].kind).toBe('write');
    expect(outcomes[1]).toEqual({ kind: 'duplicate', result: { nextExpectedRevision: 1, position: 8 } });
  });

  it('answers a repeat of stored events with their original result, whatever it expects now', () => {
    const events = prepared(2);
    const log = emptyLog();
    log.streamRevisions.set('a', 5);
    log.storedIds.set(events[0].id, { streamId: 'a', revision: 2, position: 30 });
    log.storedIds.set(events[1].id, { streamId: 'a', revision: 3, position: 31 });
    const [outcome] = planGroupCommit([append('a', 1, events)], log, 50);
    expect(outcome).toEqual({ kind: 'duplicate', result: { nextExpectedRevision: 3, position: 31 } });
  });

  it('refuses a partial repeat, a repeat in another order and a repeat into another stream', () => {
    const events = prepared(2);
    const stored = (): LogState => {
      const log = emptyLog();
      log.streamRevisions.set('a', 1);
      log.storedIds.set(events[0].id, { streamId: 'a', revision: 0, position: 1 });
      log.storedIds.set(events[1].id, { streamId: 'a', revision: 1, position: 2 });
      return log;
    };
    const attempts = [
      append('a', 'any', [events[0], ...prepared(1)]),
      append('a', 'any', [events[1], events[0]]),
      append('b', 'any', events),
    ];
    for (const attempt of attempts) {
      const [outcome] = planGroupCommit([attempt], stored(), 3);
      expect(outcome).toMatchObject({ kind: 'refused', error: expect.any(IdempotencyViolationError) });
    }
  });
});
