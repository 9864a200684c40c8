/**
 * Properties of the indicator counts and of the vote rules, over generated targets, reports and
 * tallies. A fixed seed (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { propertyRuns } from './testing/generated-bloc.js';
import type { Direction, VoteRule } from './events.js';
import { votePasses } from './regulation.js';
import { achievement, countIndicators, type IndicatorReport, type IndicatorTarget } from './standings.js';

const PARAMETERS = propertyRuns(300);
const YEAR = 2017;

const UNITS = ['so-y-te', 'so-tai-chinh', 'so-tu-phap'];
const CODES = ['YT1', 'YT2', 'TC1'];
/** Measures as the edge takes them: up to six decimals, negative ones too. */
const measure = fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 1000);
const direction = fc.constantFrom<Direction>('increase', 'decrease');

const targets = fc.array(
  fc.record({
    unitId: fc.constantFrom(...UNITS),
    code: fc.constantFrom(...CODES),
    direction,
    target: measure,
  }),
  { maxLength: 8 },
);

const period: fc.Arbitrary<string> = fc.constantFrom<string>(
  `${YEAR}`,
  `${YEAR}-H1`,
  `${YEAR}-H2`,
  `${YEAR}-Q1`,
  `${YEAR}-Q3`,
  `${YEAR}-Q4`,
  `${YEAR + 1}`,
  `${YEAR - 1}-H2`,
);
const reports: fc.Arbitrary<IndicatorReport[]> = fc.array(
  fc.record({
    unitId: fc.constantFrom(...UNITS),
    indicator: fc.constantFrom(...CODES, 'NOT-TARGETED'),
    period,
    value: measure,
  }),
  { maxLength: 12 },
);

describe('the indicator counts (countIndicators), over generated targets and reports', () => {
  it('counts exceeded within met within reported within assigned, one per unit and code targeted', () => {
    fc.assert(
      fc.property(targets, reports, (targets, reports) => {
        const counts = countIndicators(targets, reports, YEAR);
        for (const unitId of UNITS) {
          const assigned = new Set(targets.filter((t) => t.unitId === unitId).map((t) => t.code)).size;
          const unit = counts[unitId];
          if (assigned === 0) {
            expect(unit).toBeUndefined();
            continue;
          }
          expect(unit!.assigned).toBe(assigned);
          expect(unit!.exceeded).toBeLessThanOrEqual(unit!.met);
          expect(unit!.met).toBeLessThanOrEqual(unit!.reported);
          expect(unit!.reported).toBeLessThanOrEqual(unit!.assigned);
        }
      }),
      PARAMETERS,
    );
  });

  it("judges a unit's indicator by its whole-year report once there is one, whatever came before or after it in the year", () => {
    fc.assert(
      fc.property(targets, reports, reports, measure, (targets, before, after, value) => {
        fc.pre(targets.length > 0);
        const { unitId, code } = targets[0]!;
        const yearly: IndicatorReport = { unitId, indicator: code, period: `${YEAR}`, value };
        // Partial reports after the whole year's do not move it (another whole-year report would).
        const later = after.filter((report) => report.period !== `${YEAR}`);
        const withYear = countIndicators(targets, [...before, yearly, ...later], YEAR);
        const alone = countIndicators(
          targets,
          [...before, ...later].filter((r) => r.unitId !== unitId || r.indicator !== code).concat(yearly),
          YEAR,
        );
        expect(withYear).toEqual(alone);
      }),
      PARAMETERS,
    );
  });

  it('ignores reports of other years and of indicators without a target', () => {
    fc.assert(
      fc.property(targets, reports, (targets, reports) => {
        const targeted = new Set(targets.map((t: IndicatorTarget) => `${t.unitId} ${t.code}`));
        const relevant = reports.filter(
          (r) => targeted.has(`${r.unitId} ${r.indicator}`) && r.period.startsWith(`${YEAR}`),
        );
        expect(countIndicators(targets, reports, YEAR)).toEqual(countIndicators(targets, relevant, YEAR));
      }),
      PARAMETERS,
    );
  });

  it('reads an increase as met from the target up and a decrease from the target down, exactly', () => {
    fc.assert(
      fc.property(measure, measure, (target, actual) => {
        const up = achievement('increase', target, actual);
        const down = achievement('decrease', target, actual);
        expect(up).toBe(actual > target ? 'exceeded' : actual === target ? 'met' : 'missed');
        expect(down).toBe(actual < target ? 'exceeded' : actual === target ? 'met' : 'missed');
      }),
      PARAMETERS,
    );
  });
});

const rule = fc.record<VoteRule>({
  of: fc.constantFrom('members', 'present'),
  ratio: fc.constantFrom('majority', 'two-thirds'),
});
/** A tally of a bloc of 1–12 members, every ballot cast by a member. */
const tally = fc.integer({ min: 1, max: 12 }).chain((members) =>
  fc
    .tuple(fc.nat(members), fc.nat(members), fc.nat(members))
    .filter(([f, a, x]) => f + a + x <= members)
    .map(([f, a, x]) => ({ members, votes: { for: f, against: a, abstain: x } })),
);

describe('the vote rules (votePasses), over generated tallies', () => {
  it('never passes with no vote for, always passes with every member for, and one more vote for never undoes a pass', () => {
    fc.assert(
      fc.property(rule, tally, (rule, { members, votes }) => {
        if (votes.for === 0) expect(votePasses(votes, members, rule)).toBe(false);
        expect(votePasses({ for: members, against: 0, abstain: 0 }, members, rule)).toBe(true);
        // An abstention or a vote against turned into a vote for.
        if (votePasses(votes, members, rule)) {
          if (votes.against > 0)
            expect(
              votePasses({ ...votes, for: votes.for + 1, against: votes.against - 1 }, members, rule),
            ).toBe(true);
          if (votes.abstain > 0)
            expect(
              votePasses({ ...votes, for: votes.for + 1, abstain: votes.abstain - 1 }, members, rule),
            ).toBe(true);
        }
      }),
      PARAMETERS,
    );
  });

  it('asks at least as much of two thirds as of a majority, and of all members as of those present', () => {
    fc.assert(
      fc.property(tally, ({ members, votes }) => {
        const passes = (base: VoteRule['of'], ratio: VoteRule['ratio']) =>
          votePasses(votes, members, { of: base, ratio });
        for (const base of ['members', 'present'] as const)
          if (passes(base, 'two-thirds')) expect(passes(base, 'majority')).toBe(true);
        for (const ratio of ['majority', 'two-thirds'] as const)
          if (passes('members', ratio)) expect(passes('present', ratio)).toBe(true);
      }),
      PARAMETERS,
    );
  });
});
