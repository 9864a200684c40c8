import { describe, expect, it } from '@jest/globals';
import { EVENT_SCHEMA_VERSIONS } from './events.js';
import { toDomainEvent, upcast } from './upcasting.js';

describe('upcasting', () => {
  const v1 = { blocId: 'kg-4', year: 2017, unitId: 'y-te', signatory: 'Giám đốc' };

  it('reads a PactSigned v1 signatory (a title) as {title}', () => {
    expect(upcast('PactSigned', 1, v1)).toEqual({
      blocId: 'kg-4',
      year: 2017,
      unitId: 'y-te',
      signatory: { title: 'Giám đốc' },
    });
  });

  it('leaves current versions as they are', () => {
    const v2 = { ...v1, signatory: { title: 'Giám đốc', name: 'Nguyễn Văn A' } };
    expect(upcast('PactSigned', EVENT_SCHEMA_VERSIONS.PactSigned, v2)).toBe(v2);
    expect(upcast('CycleClosed', 1, { blocId: 'kg-4', year: 2017 })).toEqual({ blocId: 'kg-4', year: 2017 });
  });

  it('turns a stored event into a domain event, a missing version meaning 1', () => {
    expect(toDomainEvent({ type: 'PactSigned', data: v1, metadata: {} })).toEqual({
      type: 'PactSigned',
      data: { ...v1, signatory: { title: 'Giám đốc' } },
    });
    expect(
      toDomainEvent({ type: 'PactSigned', data: v1, metadata: { schemaVersion: 1 } }).data,
    ).toHaveProperty('signatory.title', 'Giám đốc');
  });

  it('refuses unknown types and versions newer than the code', () => {
    expect(() => toDomainEvent({ type: 'SomethingElse', data: {} })).toThrow('Unknown event type');
    expect(() => upcast('PactSigned', 3, v1)).toThrow('no schema version 3');
    expect(() => upcast('PactSigned', 0, v1)).toThrow('no schema version 0');
  });
});
