/**
 * The cycle decider driven by generated sequences of commands from every kind of actor: whatever
 * the order, the decider refuses with a DomainError or decides events for its own bloc-year, the
 * phases only move forward, points in force stay within each criterion's range, nothing is
 * scored once scoring is finalized, and the leading unit, once honoured, is a member and stays.
 * A fixed seed (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CommandMetadata } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent } from '../events.js';
import {
  GENERATED_BLOC,
  GENERATED_FRAMEWORK,
  GENERATED_MEMBERS,
  GENERATED_YEAR,
  generatedCycleOpened,
  propertyRuns,
} from '../testing/generated-bloc.js';
import { boardOfficer, officerOf } from '../testing/reference-case.js';
import type { CycleCommand } from './cycle.commands.js';
import { cycleDecider } from './cycle.decider.js';
import { type CycleDeciderState, type CyclePhase, pointsInForce } from './cycle.state.js';

const PARAMETERS = propertyRuns(200);
const blocId = GENERATED_BLOC;
const year = GENERATED_YEAR;
const framework = GENERATED_FRAMEWORK;
const members = GENERATED_MEMBERS;
const UNITS = [...members.map((member) => member.unitId), 'so-ngoai'];
const CRITERIA = ['1.1', '1.B', '1.P', '2.1', '9.9'];
const PHASES: readonly CyclePhase[] = ['signing', 'in_force', 'review', 'finalized', 'closed'];

/** Who acts: the board or the leader's or deputy's officer most often, else another member's or a stranger's. */
const actor = fc.oneof(
  { weight: 3, arbitrary: fc.constant(boardOfficer) },
  { weight: 3, arbitrary: fc.constantFrom('so-a', 'so-b').map(officerOf) },
  { weight: 2, arbitrary: fc.constantFrom(...UNITS).map(officerOf) },
);
const metadata = actor.map((who): CommandMetadata => ({
  actor: who,
  at: '2018-01-12T09:00:00.000Z',
  reason: 'lý do',
}));
const unit = fc.constantFrom(...UNITS);
const votes = fc
  .tuple(fc.nat(4), fc.nat(4))
  .filter(([f, a]) => f + a <= 4)
  .map(([f, a]) => ({ for: f, against: a, abstain: 4 - f - a }));

/** One command of the year, with its data drawn near and beyond the rules' edges. */
const command: fc.Arbitrary<CycleCommand> = fc.oneof(
  fc.record({
    type: fc.constant('SignPact' as const),
    data: fc.record({ unitId: unit, signatory: fc.constant({ title: 'Giám đốc' }) }),
    metadata,
  }),
  fc.record({
    type: fc.constant('OpenReview' as const),
    data: fc.constant({ meetingDate: '2018-01-12' }),
    metadata,
  }),
  fc.record({
    type: fc.constant('AwardScore' as const),
    data: fc.record({
      unitId: unit,
      criterion: fc.constantFrom(...CRITERIA),
      points: fc.oneof(
        fc.integer({ min: -100, max: 7000 }).map((n) => n / 100),
        fc.constantFrom(0, 60, 60.01, 3.5, 3.51, 0.001),
      ),
    }),
    metadata,
  }),
  fc.record({ type: fc.constant('FinalizeScoring' as const), data: fc.constant({}), metadata }),
  fc.record({
    type: fc.constant('HonorLeadingUnit' as const),
    data: fc.record({ unitId: unit, votes }),
    metadata,
    context: fc.constant({ units: {} }),
  }),
  fc.record({
    type: fc.constant('Elect' as const),
    data: fc.record({ role: fc.constantFrom('leader' as const, 'deputy' as const), unitId: unit, votes }),
    metadata,
  }),
  fc.record({ type: fc.constant('CloseCycle' as const), data: fc.constant({}), metadata }),
);

const opened: CycleEvent = generatedCycleOpened;

const AT = '2018-01-12T09:00:00.000Z';
const STANDARD = framework.contents.flatMap((c) => c.criteria).filter((c) => c.kind === 'standard');

/**
 * The year's commands after a prefix that gets it somewhere: nothing; the pact signed by every
 * member and the review opened; that and every standard criterion scored by the board; that,
 * the scoring finalized and the leading unit honoured; or that and next year's leader and deputy
 * elected. Then any commands, in any order, from anyone.
 */
const commandsOfTheYear = fc
  .tuple(
    fc.constantFrom(0, 1, 2, 3, 4),
    fc.array(fc.integer({ min: 0, max: 4000 }), {
      minLength: members.length * STANDARD.length,
      maxLength: members.length * STANDARD.length,
    }),
    fc.array(command, { minLength: 1, maxLength: 60 }),
  )
  .map(([reach, points, rest]): CycleCommand[] => {
    const signed: CycleCommand[] = members.map((member) => ({
      type: 'SignPact',
      data: { unitId: member.unitId, signatory: { title: 'Giám đốc' } },
      metadata: { actor: officerOf(member.unitId), at: AT },
    }));
    const review: CycleCommand = {
      type: 'OpenReview',
      data: { meetingDate: '2018-01-12' },
      metadata: { actor: boardOfficer, at: AT },
    };
    const scored: CycleCommand[] = members.flatMap((member, m) =>
      STANDARD.map((criterion, c): CycleCommand => ({
        type: 'AwardScore',
        data: {
          unitId: member.unitId,
          criterion: criterion.code,
          // so-c leads, clearly, when the prefix goes on to the honouring.
          points:
            reach >= 3 && member.unitId === 'so-c'
              ? criterion.maxPoints
              : Math.min(points[m * STANDARD.length + c]! / 100, criterion.maxPoints - 1),
        },
        metadata: { actor: boardOfficer, at: AT },
      })),
    );
    const honoured: CycleCommand[] = [
      { type: 'FinalizeScoring', data: {}, metadata: { actor: boardOfficer, at: AT } },
      {
        type: 'HonorLeadingUnit',
        data: { unitId: 'so-c', votes: { for: 4, against: 0, abstain: 0 } },
        metadata: { actor: boardOfficer, at: AT },
        context: { units: {} },
      },
    ];
    const elected: CycleCommand[] = (['leader', 'deputy'] as const).map((role) => ({
      type: 'Elect',
      data: { role, unitId: role === 'leader' ? 'so-b' : 'so-d', votes: { for: 4, against: 0, abstain: 0 } },
      metadata: { actor: boardOfficer, at: AT },
    }));
    return [
      ...(reach >= 1 ? [...signed, review] : []),
      ...(reach >= 2 ? scored : []),
      ...(reach >= 3 ? honoured : []),
      ...(reach >= 4 ? elected : []),
      ...rest,
    ];
  });

describe('the cycle decider, over generated sequences of commands', () => {
  it('refuses with a DomainError or decides its own events; phases only move on; points stay in range; the leading unit stays', () => {
    fc.assert(
      fc.property(commandsOfTheYear, (commands) => {
        let state: CycleDeciderState = cycleDecider.evolve(cycleDecider.initialState(), opened);
        for (const next of commands) {
          const before = state!;
          let events: readonly CycleEvent[];
          try {
            events = cycleDecider.decide(next, state);
          } catch (error) {
            // A refusal is the domain's, with a code: never a TypeError or a RangeError.
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          for (const event of events) {
            expect(event.data).toMatchObject({ blocId, year });
            state = cycleDecider.evolve(state, event);
          }
          const after = state!;
          expect(PHASES.indexOf(after.phase)).toBeGreaterThanOrEqual(PHASES.indexOf(before.phase));
          if (next.type === 'AwardScore') {
            expect(before.phase).toBe('review');
            // Only the board, the leader's or the deputy's staff score, and never their own unit.
            const { actor: who } = next.metadata;
            if (who.role !== 'board') {
              expect([before.leader, before.deputy]).toContain(who.unit);
              expect(who.unit).not.toBe(next.data.unitId);
            }
            const criterion = framework.contents
              .flatMap((c) => c.criteria)
              .find((c) => c.code === next.data.criterion)!;
            expect(criterion).toBeDefined();
            expect(members.map((m) => m.unitId)).toContain(next.data.unitId);
          }
          for (const member of members)
            for (const criterion of framework.contents.flatMap((c) => c.criteria)) {
              const points = pointsInForce(after, member.unitId, criterion.code);
              if (points === undefined) continue;
              expect(points).toBeGreaterThanOrEqual(0);
              expect(points).toBeLessThanOrEqual(criterion.maxPoints);
            }
          if (before.leadingUnit !== null) expect(after.leadingUnit).toBe(before.leadingUnit);
          if (after.leadingUnit !== null) expect(members.map((m) => m.unitId)).toContain(after.leadingUnit);
        }
      }),
      PARAMETERS,
    );
  });
});
