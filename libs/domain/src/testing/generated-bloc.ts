/**
 * What the domain's property specs share: how many runs from which seed (a fixed one, that
 * PROPERTY_SEED overrides, so a failure is reproducible), and the bloc-year their generated
 * commands are decided against: four members, a framework with a standard, a bonus and a penalty
 * criterion in one content and a standard one in another, so-a leading and so-b its deputy.
 */
import { DEFAULT_LEADERSHIP_POLICY } from '../bloc/bloc.decider.js';
import type { CycleOpened, Framework, Member } from '../events.js';

/** fast-check's parameters for `numRuns` runs from the specs' seed. */
export const propertyRuns = (numRuns: number): { seed: number; numRuns: number } => ({
  seed: Number(process.env.PROPERTY_SEED ?? 20_261_205),
  numRuns,
});

export const GENERATED_BLOC = 'khoi-prop';
export const GENERATED_YEAR = 2017;

export const GENERATED_FRAMEWORK: Framework = {
  contents: [
    {
      code: '1',
      title: 'Nhiệm vụ chính trị',
      criteria: [
        { code: '1.1', title: 'Chỉ tiêu', maxPoints: 60, kind: 'standard' },
        { code: '1.B', title: 'Điểm thưởng', maxPoints: 5, kind: 'bonus' },
        { code: '1.P', title: 'Điểm trừ', maxPoints: 3.5, kind: 'penalty' },
      ],
    },
    {
      code: '2',
      title: 'Xây dựng',
      criteria: [{ code: '2.1', title: 'Đảng', maxPoints: 40, kind: 'standard' }],
    },
  ],
};

export const GENERATED_MEMBERS: readonly Member[] = ['so-a', 'so-b', 'so-c', 'so-d'].map((unitId) => ({
  unitId,
  name: `Sở ${unitId}`,
}));

/** The year's opening: so-a leads, so-b is deputy, under the default policy. */
export const generatedCycleOpened: CycleOpened = {
  type: 'CycleOpened',
  data: {
    blocId: GENERATED_BLOC,
    year: GENERATED_YEAR,
    framework: GENERATED_FRAMEWORK,
    members: [...GENERATED_MEMBERS],
    leader: 'so-a',
    deputy: 'so-b',
    policy: DEFAULT_LEADERSHIP_POLICY,
    leadershipHistory: [],
  },
};
