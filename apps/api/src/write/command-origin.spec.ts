import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { isKeyedCommandId, keyedCommandId } from './command-origin.js';

describe('keyed command ids', () => {
  it('are the same for the same principal, key and request, and differ when any of them does', () => {
    const id = keyedCommandId('tc.officer', 'award-1', 'hash-a');
    expect(keyedCommandId('tc.officer', 'award-1', 'hash-a')).toBe(id);
    expect(
      new Set([
        id,
        keyedCommandId('xd.officer', 'award-1', 'hash-a'),
        keyedCommandId('tc.officer', 'award-2', 'hash-a'),
        keyedCommandId('tc.officer', 'award-1', 'hash-b'),
        // The parts are kept apart: a principal's end cannot pass for the key.
        keyedCommandId('tc.officer\naward-1', '', 'hash-a'),
        keyedCommandId('tc.officer', 'award-1\nhash-a', ''),
      ]).size,
    ).toBe(6);
  });

  it('are UUIDs of version 8, told apart from random (version 4) ones', () => {
    const id = keyedCommandId('tc.officer', 'award-1', 'hash-a');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isKeyedCommandId(id)).toBe(true);
    for (let index = 0; index < 100; index++) expect(isKeyedCommandId(randomUUID())).toBe(false);
  });
});
