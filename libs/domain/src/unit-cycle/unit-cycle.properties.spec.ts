/**
 * A unit's reports and self-assessments driven by generated sequences of commands from its own
 * officer, other units' officers, the board and strangers, against a cycle in force or in review:
 * a report is kept only from the unit's officer or the board, while the pact is in force and
 * reporting open, for an indicator the unit has a target for and a period of the cycle's year,
 * at most MAX_REPORTS_PER_PERIOD per indicator and period; a self-assessment only with points in
 * range and each criterion once; nothing after reporting closed; every refusal a DomainError.
 * A fixed seed (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cycleDecider } from '../cycle/cycle.decider.js';
import type { CycleState } from '../cycle/cycle.state.js';
import type { CommandMetadata } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, UnitCycleEvent } from '../events.js';
import { parsePeriod } from '../periods.js';
import {
  GENERATED_BLOC,
  GENERATED_FRAMEWORK,
  GENERATED_MEMBERS,
  GENERATED_YEAR,
  generatedCycleOpened,
  propertyRuns,
} from '../testing/generated-bloc.js';
import { boardOfficer, officerOf } from '../testing/reference-case.js';
import type { UnitCycleCommand } from './unit-cycle.commands.js';
import { MAX_REPORTS_PER_PERIOD, unitCycleDecider, type UnitCycleState } from './unit-cycle.decider.js';

const PARAMETERS = propertyRuns(200);
const blocId = GENERATED_BLOC;
const year = GENERATED_YEAR;
const UNIT = 'so-a';
const framework = GENERATED_FRAMEWORK;
const members = GENERATED_MEMBERS;
const TARGETED = ['YT1', 'YT2'];

/** The cycle as the unit's commands see it: in force (pact signed, targets set) or in review. */
function cycleIn(phase: 'in_force' | 'review'): CycleState {
  const events: CycleEvent[] = [
    generatedCycleOpened,
    ...TARGETED.map((code): CycleEvent => ({
      type: 'IndicatorTargetSet',
      data: {
        blocId,
        year,
        unitId: UNIT,
        code,
        title: code,
        criterion: '1.1',
        measure: 'hồ sơ',
        direction: 'increase',
        target: 100,
      },
    })),
    ...members.map((member): CycleEvent => ({
      type: 'PactSigned',
      data: { blocId, year, unitId: member.unitId, signatory: { title: 'Giám đốc' } },
    })),
    { type: 'PactInForce', data: { blocId, year } },
    ...(phase === 'review'
      ? [{ type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } } as CycleEvent]
      : []),
  ];
  const state = events.reduce(cycleDecider.evolve, cycleDecider.initialState());
  expect(state?.phase).toBe(phase);
  return state!;
}
const inForce = cycleIn('in_force');
const inReview = cycleIn('review');

const metadata = fc
  .oneof(
    { weight: 4, arbitrary: fc.constant(officerOf(UNIT)) },
    { weight: 1, arbitrary: fc.constant(boardOfficer) },
    { weight: 1, arbitrary: fc.constantFrom('so-b', 'so-x').map(officerOf) },
  )
  .map((actor): CommandMetadata => ({ actor, at: '2017-07-01T09:00:00.000Z' }));
const context = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ cycle: inForce }) },
  { weight: 1, arbitrary: fc.constant({ cycle: inReview }) },
);

const command: fc.Arbitrary<UnitCycleCommand> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('ReportIndicator' as const),
      data: fc.record({
        unitId: fc.constantFrom(UNIT, UNIT, UNIT, 'so-b'),
        indicator: fc.constantFrom(...TARGETED, 'TC9'),
        // Few periods, so that corrections pile up against the per-period bound.
        period: fc.constantFrom(`${year}-Q1`, `${year}-H1`, `${year}`, `${year + 1}-Q1`, '2017-Q5'),
        value: fc.integer({ min: -1000, max: 100_000 }).map((n) => n / 10),
      }),
      metadata,
      context,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('SubmitSelfAssessment' as const),
      data: fc.record({
        unitId: fc.constantFrom(UNIT, 'so-b'),
        scores: fc.array(
          fc.record({
            criterion: fc.constantFrom('1.1', '1.B', '9.9'),
            points: fc.oneof(
              fc.integer({ min: -100, max: 7000 }).map((n) => n / 100),
              fc.constant(60.001),
            ),
          }),
          { maxLength: 3 },
        ),
      }),
      metadata,
      context,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('CloseReporting' as const),
      data: fc.constant({ unitId: UNIT }),
      metadata,
      context: fc.constant({ cycle: inForce }),
    }),
  },
);

/** Corrections of one figure, up to past the per-period bound, before any other commands. */
const sequence = fc
  .tuple(
    fc.integer({ min: 0, max: MAX_REPORTS_PER_PERIOD + 5 }),
    fc.array(command, { minLength: 1, maxLength: 120 }),
  )
  .map(([corrections, rest]): UnitCycleCommand[] => [
    ...Array.from({ length: corrections }, (_, n): UnitCycleCommand => ({
      type: 'ReportIndicator',
      data: { unitId: UNIT, indicator: 'YT1', period: `${year}-Q1`, value: n },
      metadata: { actor: officerOf(UNIT), at: '2017-04-02T09:00:00.000Z' },
      context: { cycle: inForce },
    })),
    ...rest,
  ]);

describe("a unit's reports and self-assessments, over generated sequences of commands", () => {
  it('keeps only what the rules allow, from whom they allow it, and nothing once reporting closed', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        let state: UnitCycleState = unitCycleDecider.initialState();
        const kept = new Map<string, number>();
        for (const next of commands) {
          const before = state;
          let events: readonly UnitCycleEvent[];
          try {
            events = unitCycleDecider.decide(next, state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          for (const event of events) state = unitCycleDecider.evolve(state, event);
          if (events.length === 0) continue;
          expect(before.reportingClosed).toBe(false);
          const { actor } = next.metadata;
          if (next.type === 'ReportIndicator') {
            const { unitId, indicator, period } = next.data;
            expect(actor.role === 'board' || actor.unit === unitId).toBe(true);
            expect(next.context.cycle?.phase).toBe('in_force');
            expect(unitId).toBe(UNIT);
            expect(TARGETED).toContain(indicator);
            expect(parsePeriod(period)?.year).toBe(year);
            const key = `${indicator} ${period}`;
            kept.set(key, (kept.get(key) ?? 0) + 1);
            expect(kept.get(key)).toBeLessThanOrEqual(MAX_REPORTS_PER_PERIOD);
          }
          if (next.type === 'SubmitSelfAssessment') {
            expect(actor.role === 'board' || actor.unit === next.data.unitId).toBe(true);
            expect(next.context.cycle?.phase).toBe('in_force');
            const criteria = next.data.scores.map((score) => score.criterion);
            expect(new Set(criteria).size).toBe(criteria.length);
            for (const { criterion, points } of next.data.scores) {
              const max = framework.contents
                .flatMap((c) => c.criteria)
                .find((c) => c.code === criterion)?.maxPoints;
              expect(max).toBeDefined();
              expect(points).toBeGreaterThanOrEqual(0);
              expect(points).toBeLessThanOrEqual(max!);
            }
          }
        }
      }),
      PARAMETERS,
    );
  });
});
