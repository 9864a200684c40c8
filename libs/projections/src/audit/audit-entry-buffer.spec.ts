import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '../storage/read-model-store.port.js';
import { AuditEntryBuffer } from './audit-entry-buffer.js';

describe('AuditEntryBuffer', () => {
  it('gives back the entries pushed, in order, equal values next to each other or not, nulls included', () => {
    const entries: AuditEntry[] = [
      {
        position: 3,
        blocId: 'b1',
        year: 2017,
        unitId: 'u1',
        actor: 'a1',
        type: 'T1',
        recordedAt: '2017-01-01T00:00:00.000Z',
      },
      {
        position: 4,
        blocId: 'b1',
        year: 2017,
        unitId: 'u1',
        actor: 'a1',
        type: 'T1',
        recordedAt: '2017-01-01T00:00:00.000Z',
      },
      {
        position: 5,
        blocId: null,
        year: null,
        unitId: null,
        actor: 'a2',
        type: 'T2',
        recordedAt: '2017-01-02T00:00:00.000Z',
      },
      {
        position: 9,
        blocId: 'b1',
        year: 2018,
        unitId: 'u2',
        actor: 'a1',
        type: 'T1',
        recordedAt: '2017-01-01T00:00:00.000Z',
      },
      {
        position: 10,
        blocId: null,
        year: null,
        unitId: null,
        actor: 'a1',
        type: 'T1',
        recordedAt: '2017-01-01T00:00:00.000Z',
      },
    ];
    const buffer = new AuditEntryBuffer();
    expect(buffer.length).toBe(0);
    expect([...buffer]).toEqual([]);
    // Equal strings that are not the same string, as parsing each event's JSON makes them.
    for (const entry of entries) buffer.push(JSON.parse(JSON.stringify(entry)) as AuditEntry);
    expect(buffer.length).toBe(entries.length);
    expect([...buffer]).toEqual(entries);
    // Read twice, the same.
    expect([...buffer]).toEqual(entries);
  });
});
