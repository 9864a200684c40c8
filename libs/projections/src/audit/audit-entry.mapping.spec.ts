import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { auditEntryOf } from './audit-entry.mapping.js';

const envelope = (type: string, data: unknown): RecordedEvent => ({
  id: '6f0c1a7e-93a4-4a53-9d2e-8d1c3f0b0c11',
  streamId: 'cycle-kg-khoi-4:2017',
  revision: 3,
  position: 42,
  type,
  data,
  metadata: {
    actor: { sub: 'officer-7', role: 'unit', unit: 'y-te' },
    correlationId: 'c',
    causationId: 'c',
    reason: 'typo',
  },
  recordedAt: '2018-01-12T03:04:05.678Z',
});

describe('audit index entry', () => {
  it('indexes bloc, year and unit from the data and the actor subject', () => {
    const event = envelope('ScoreAwarded', {
      blocId: 'kg-khoi-4',
      year: 2017,
      unitId: 'van-hoa',
      criterion: '3.1',
      points: 20,
    });
    expect(auditEntryOf(event)).toEqual({
      position: 42,
      blocId: 'kg-khoi-4',
      year: 2017,
      unitId: 'van-hoa',
      actor: 'officer-7',
      type: 'ScoreAwarded',
      recordedAt: '2018-01-12T03:04:05.678Z',
    });
  });

  it('leaves columns empty when the data does not name them', () => {
    expect(auditEntryOf(envelope('BlocRegistered', { blocId: 'kg-khoi-4', name: 'x' }))).toMatchObject({
      blocId: 'kg-khoi-4',
      year: null,
      unitId: null,
    });
    expect(auditEntryOf(envelope('SomethingNewer', null))).toMatchObject({
      blocId: null,
      year: null,
      unitId: null,
    });
  });
});
