import { describe, expect, it } from '@jest/globals';
import type { ReplayedEvent } from '@app/event-store';
import type { FoldedBatch, SinkChanges } from '../read-model-sink.js';
import { AUDIT_PROJECTION, AuditSink } from './audit-sink.js';

const event = (position: number): ReplayedEvent =>
  ({
    position,
    type: 'ScoreAwarded',
    data: { blocId: 'kg-khoi-4', year: 2017, unitId: 'van-hoa' },
    metadata: { actor: { sub: 'officer-7' } },
    recordedAt: '2018-01-12T03:04:05.678Z',
  }) as ReplayedEvent;

const batchOf = (positions: number[]): FoldedBatch => ({
  events: positions.map(event),
  domainEvents: positions.map(() => undefined),
  last: positions[positions.length - 1],
});

const drained = (sink: AuditSink): number[] => {
  const changes: SinkChanges = { documents: [], auditEntries: [] };
  sink.drainInto(changes);
  return [...changes.auditEntries].map((entry) => entry.position);
};

describe('AuditSink', () => {
  it('is checkpointed under the audit index name', () => {
    expect(new AuditSink(10).checkpoints).toEqual([AUDIT_PROJECTION]);
  });

  it('indexes the events past what it has applied, and nothing of a batch already applied', () => {
    const sink = new AuditSink(10);
    sink.fold(batchOf([3, 4, 5, 6]), () => 4);
    sink.fold(batchOf([1, 2, 3]), () => 6);
    expect(drained(sink)).toEqual([5, 6]);
    expect(drained(sink)).toEqual([]);
  });

  it('is full once as many entries as its limit are pending, and empty again once drained', () => {
    const sink = new AuditSink(3);
    sink.fold(batchOf([1, 2]), () => 0);
    expect(sink.isFull).toBe(false);
    sink.fold(batchOf([3]), () => 2);
    expect(sink.isFull).toBe(true);
    drained(sink);
    expect(sink.isFull).toBe(false);
  });

  it('forgets what is pending', () => {
    const sink = new AuditSink(10);
    sink.fold(batchOf([1, 2]), () => 0);
    sink.forget();
    expect(drained(sink)).toEqual([]);
  });
});
