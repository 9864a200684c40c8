import { describe, expect, it } from '@jest/globals';
import { toRecordedEvents, type EventRow } from './event-rows.js';

const metadataOf = (causationId: string) =>
  JSON.stringify({
    actor: { sub: 'officer-syt', name: 'Nguyễn Thị Thu Hà', role: 'unit', unit: 'so-y-te' },
    correlationId: 'c0a8d2f4-0000-4000-8000-000000000001',
    causationId,
    tags: ['a', { deep: true }],
  });

const row = (position: number, metadata: string, data = '{"points":96.5}'): EventRow => [
  position,
  `0190c6f0-0000-7000-8000-${String(position).padStart(12, '0')}`,
  'cycle-khoi-4:2017',
  position - 1,
  'ScoreAwarded',
  data,
  metadata,
  '2026-12-06T10:00:00.000Z',
];

describe('toRecordedEvents', () => {
  it('maps each row to its event, metadata and data parsed', () => {
    const [event] = toRecordedEvents([row(7, metadataOf('one'))]);
    expect(event).toStrictEqual({
      id: '0190c6f0-0000-7000-8000-000000000007',
      streamId: 'cycle-khoi-4:2017',
      revision: 6,
      position: 7,
      type: 'ScoreAwarded',
      data: { points: 96.5 },
      metadata: JSON.parse(metadataOf('one')) as unknown,
      recordedAt: '2026-12-06T10:00:00.000Z',
    });
  });

  it('parses a run of rows with the same metadata text once, and the next text again', () => {
    const events = toRecordedEvents([
      row(1, metadataOf('one')),
      row(2, metadataOf('one')),
      row(3, metadataOf('two')),
      row(4, metadataOf('one')),
    ]);
    expect(events[1].metadata).toBe(events[0].metadata);
    expect(events[2].metadata).not.toBe(events[1].metadata);
    expect(events[2].metadata.causationId).toBe('two');
    // Not remembered beyond the run: equal, but its own object.
    expect(events[3].metadata).not.toBe(events[0].metadata);
    expect(events[3].metadata).toStrictEqual(events[0].metadata);
    // Data is never shared, even when its text repeats.
    expect(events[1].data).not.toBe(events[0].data);
    expect(events[1].data).toStrictEqual(events[0].data);
  });

  it('freezes every event metadata all the way down, so that no reader changes what another sees', () => {
    const events = toRecordedEvents([row(1, metadataOf('one')), row(2, metadataOf('one'))]);
    const metadata = events[0].metadata as unknown as {
      actor: { name: string };
      tags: [string, { deep: boolean }];
      reason?: string;
    };
    expect(() => {
      metadata.actor.name = 'someone else';
    }).toThrow(TypeError);
    expect(() => {
      metadata.reason = 'added';
    }).toThrow(TypeError);
    expect(() => {
      metadata.tags[1].deep = false;
    }).toThrow(TypeError);
    expect(events[1].metadata.actor.name).toBe('Nguyễn Thị Thu Hà');
    // Data stays the reader's own to change.
    expect(Object.isFrozen(events[0].data)).toBe(false);
  });
});
