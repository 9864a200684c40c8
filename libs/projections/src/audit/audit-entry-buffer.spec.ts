import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '../storage/read-model-store.port.js';
import { AuditEntryBuffer } from './audit-entry-buffer.js';

describe('AuditEntryBuffer', () => {
  it('gives back the entries pushed, in order, equal values next to each other or not, nulls included', () => {
    const entry = (
      position: number,
      [blocId, year, unitId]: [string | null, number | null, string | null],
      actor: string,
      type: string,
      day: number,
    ): AuditEntry => ({
      position,
      blocId,
      year,
      unitId,
      actor,
      type,
      recordedAt: `2017-01-0${day}T00:00:00.000Z`,
    });
    // The same values in a row, then others, then the first again; nulls in a row too.
    const entries = [
      entry(3, ['b1', 2017, 'u1'], 'a1', 'T1', 1),
      entry(4, ['b1', 2017, 'u1'], 'a1', 'T1', 1),
      entry(5, [null, null, null], 'a2', 'T2', 2),
      entry(6, [null, null, null], 'a2', 'T2', 2),
      entry(9, ['b1', 2018, 'u2'], 'a1', 'T1', 1),
      entry(10, [null, null, null], 'a1', 'T1', 1),
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
