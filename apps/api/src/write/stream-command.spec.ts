import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import { newEventsOf, type StreamCommand } from './stream-command.js';

const actor: Actor = { sub: 'officer-syt', name: 'Officer', role: 'unit', unit: 'so-y-te' };

/** A command whose events `newEventsOf` stamps; its decider and decide are never called here. */
const command = {
  streamId: 'cycle-khoi-4:2017:so-y-te',
  decider: { initialState: () => ({}), evolve: (state: object) => state },
  decide: () => [],
  origin: { actor, at: '2017-12-01T00:00:00.000Z', correlationId: 'c-1', causationId: 'cause-1' },
  reason: undefined,
} as unknown as StreamCommand<object, never>;

describe('the events a command appends', () => {
  it('get time-ordered ids (UUID version 7), each greater than the one before, so the id index grows at its end', () => {
    const ids: string[] = [];
    // 600 ids: past the end of the 256 ids' worth of random bytes drawn at a time, twice.
    for (let round = 0; round < 300; round++) {
      const events = newEventsOf(command, [
        { type: 'SelfAssessmentSubmitted', data: {} },
        { type: 'SelfAssessmentSubmitted', data: {} },
      ] as never[]);
      ids.push(...events.map((event) => event.id));
    }
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Within a millisecond too: a counter orders them.
    for (let index = 1; index < ids.length; index++) expect(ids[index] > ids[index - 1]).toBe(true);
    // The last 62 bits are random: fresh bytes for every id, none reused from the pool.
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });

  it('carry who, why and the schema version in their metadata', () => {
    const [event] = newEventsOf({ ...command, reason: 'late report' }, [
      { type: 'SelfAssessmentSubmitted', data: { scores: [] } },
    ] as never[]);
    expect(event.metadata).toEqual({
      actor,
      correlationId: 'c-1',
      causationId: 'cause-1',
      reason: 'late report',
      schemaVersion: expect.any(Number),
    });
  });
});
