import { describe, expect, it } from '@jest/globals';
import type { BlocEvent, LeadershipPolicy, RegulationAdopted } from '../events.js';
import { policyInForce, regulationOfYear } from '../regulation.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import type { AdoptRegulation } from './bloc.commands.js';
import { blocDecider, DEFAULT_LEADERSHIP_POLICY } from './bloc.decider.js';

const spec = specOf(blocDecider);
const blocId = 'kg-4';
const registered: BlocEvent = {
  type: 'BlocRegistered',
  data: {
    blocId,
    name: 'Khối 4',
    province: 'Kiên Giang',
    members: [
      { unitId: 'y-te', name: 'Sở Y tế' },
      { unitId: 'giao-duc', name: 'Sở Giáo dục và Đào tạo' },
      { unitId: 'lao-dong', name: 'Sở Lao động' },
    ],
    policy: DEFAULT_LEADERSHIP_POLICY,
  },
};
const leadership = { leader: 'y-te', deputy: 'giao-duc' };
const context = (overrides: Partial<AdoptRegulation['context']> = {}): AdoptRegulation['context'] => ({
  yearLeadership: leadership,
  yearPhase: 'in_force',
  latestOpenedYear: 2018,
  ...overrides,
});
const adopt = (
  year: number,
  policy: Partial<LeadershipPolicy> | undefined,
  ctx: AdoptRegulation['context'] = context(),
) =>
  ({
    type: 'AdoptRegulation',
    data: {
      blocId,
      year,
      title: `Quy chế ${year}`,
      adoptedOn: `${year}-03-01`,
      ...(policy ? { policy } : {}),
    },
    context: ctx,
  }) as const;
const adopted = (year: number, policy: LeadershipPolicy): RegulationAdopted => ({
  type: 'RegulationAdopted',
  data: { blocId, year, title: `Quy chế ${year}`, adoptedOn: `${year}-03-01`, policy },
});
const presentTwoThirds = { of: 'present', ratio: 'two-thirds' } as const;

describe('AdoptRegulation', () => {
  it("records the complete policy: fields left out keep the year's rules before it", () => {
    spec
      .given([registered])
      .when({ ...adopt(2018, { vote: presentTwoThirds }), metadata: byUnit('y-te') })
      .then([adopted(2018, { ...DEFAULT_LEADERSHIP_POLICY, vote: presentTwoThirds })]);
    spec
      .given([
        registered,
        adopted(2018, { ...DEFAULT_LEADERSHIP_POLICY, rotation: 'none', vote: presentTwoThirds }),
      ])
      .when({ ...adopt(2018, { tieBreak: ['indicatorsExceeded'] }), metadata: byBoard() })
      .then([
        adopted(2018, {
          ...DEFAULT_LEADERSHIP_POLICY,
          rotation: 'none',
          tieBreak: ['indicatorsExceeded'],
          vote: presentTwoThirds,
        }),
      ]);
  });

  it("is the board's, or that year's leader's or deputy's (the board's alone before the year has them)", () => {
    spec
      .given([registered])
      .when({ ...adopt(2018, {}), metadata: byUnit('giao-duc') })
      .then([adopted(2018, { ...DEFAULT_LEADERSHIP_POLICY, vote: { of: 'members', ratio: 'majority' } })]);
    spec
      .given([registered])
      .when({ ...adopt(2018, {}), metadata: byUnit('lao-dong') })
      .thenThrows('FORBIDDEN');
    spec
      .given([registered])
      .when({ ...adopt(2018, {}), metadata: byAuditor() })
      .thenThrows('FORBIDDEN');
    spec
      .given([registered])
      .when({
        ...adopt(2019, {}, context({ yearLeadership: null, yearPhase: null })),
        metadata: byUnit('y-te'),
      })
      .thenThrows('FORBIDDEN');
  });

  it("is refused once the year's scoring is finalized, or for a year before one the bloc has opened", () => {
    spec
      .given([registered])
      .when({ ...adopt(2018, {}, context({ yearPhase: 'finalized' })), metadata: byBoard() })
      .thenThrows('WRONG_PHASE');
    spec
      .given([registered])
      .when({ ...adopt(2018, {}, context({ yearPhase: 'closed' })), metadata: byBoard() })
      .thenThrows('WRONG_PHASE');
    spec
      .given([registered])
      .when({ ...adopt(2016, {}, context({ yearPhase: null, latestOpenedYear: 2017 })), metadata: byBoard() })
      .thenThrows('WRONG_PHASE');
  });

  it('needs a registered bloc', () => {
    spec
      .given([])
      .when({ ...adopt(2018, {}), metadata: byBoard() })
      .thenThrows('NOT_FOUND');
  });
});

describe('policyInForce', () => {
  const rules = (year: number, rotation: 'strict' | 'none') =>
    adopted(year, { ...DEFAULT_LEADERSHIP_POLICY, rotation }).data;

  it('is the latest regulation for the year or an earlier one, the registered policy before any', () => {
    const regulations = [rules(2018, 'none'), rules(2020, 'strict'), rules(2018, 'strict')];
    expect(policyInForce(DEFAULT_LEADERSHIP_POLICY, regulations, 2017)).toBe(DEFAULT_LEADERSHIP_POLICY);
    expect(policyInForce(DEFAULT_LEADERSHIP_POLICY, regulations, 2018)).toBe(regulations[2].policy);
    expect(policyInForce(DEFAULT_LEADERSHIP_POLICY, regulations, 2019)).toBe(regulations[2].policy);
    expect(policyInForce(DEFAULT_LEADERSHIP_POLICY, regulations, 2021)).toBe(regulations[1].policy);
  });
});

describe('regulationOfYear', () => {
  it('is the latest regulation adopted for exactly that year, none for a year without one', () => {
    const rules = (year: number, rotation: 'strict' | 'none') =>
      adopted(year, { ...DEFAULT_LEADERSHIP_POLICY, rotation }).data;
    const regulations = [rules(2018, 'none'), rules(2020, 'strict'), rules(2018, 'strict')];
    expect(regulationOfYear(regulations, 2018)).toBe(regulations[2].policy);
    expect(regulationOfYear(regulations, 2020)).toBe(regulations[1].policy);
    expect(regulationOfYear(regulations, 2019)).toBeUndefined();
    expect(regulationOfYear(regulations, 2021)).toBeUndefined();
  });
});
