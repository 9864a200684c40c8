import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY, type DomainEvent, type Framework, type TieBreakStep } from '@app/domain';
import { cycleKey, foldDocuments } from '../projection.js';
import { cycleProjection } from '../cycle/cycle.projection.js';
import { leadershipProjection } from '../leadership/leadership.projection.js';
import { standingsProjection } from './standings.projection.js';
import { rankingView } from './standings.view.js';

/** Two units equal on total: content 1 ranks a first, content 2 ranks b first. */
const blocId = 'kg-4';
const framework: Framework = {
  contents: [
    { code: '1', title: 'Tasks', criteria: [{ code: '1.1', title: 'T', maxPoints: 100, kind: 'standard' }] },
    {
      code: '2',
      title: 'Building',
      criteria: [{ code: '2.1', title: 'B', maxPoints: 100, kind: 'standard' }],
    },
  ],
};
const members = [
  { unitId: 'a', name: 'A' },
  { unitId: 'b', name: 'B' },
];
const year = (y: number, before: DomainEvent[] = []): DomainEvent[] => [
  {
    type: 'CycleOpened',
    data: {
      blocId,
      year: y,
      framework,
      members,
      leader: 'a',
      deputy: 'b',
      policy: policyOf(before, y),
      leadershipHistory: [],
    },
  },
  ...(
    [
      ['a', '1.1', 60],
      ['a', '2.1', 40],
      ['b', '1.1', 40],
      ['b', '2.1', 60],
    ] as const
  ).map(([unitId, criterion, points]): DomainEvent => ({
    type: 'ScoreAwarded',
    data: { blocId, year: y, unitId, criterion, points },
  })),
];
const finalized = (y: number): DomainEvent => ({ type: 'ScoringFinalized', data: { blocId, year: y } });
const regulation = (y: number, tieBreak: TieBreakStep[]): DomainEvent => ({
  type: 'RegulationAdopted',
  data: {
    blocId,
    year: y,
    title: `Quy chế ${y}`,
    adoptedOn: `${y}-03-01`,
    policy: { ...DEFAULT_LEADERSHIP_POLICY, tieBreak },
  },
});
/** What the opening copies: the latest regulation for the year or before (as the decider does). */
function policyOf(before: DomainEvent[], y: number) {
  const adopted = before.flatMap((e) =>
    e.type === 'RegulationAdopted' && e.data.year <= y ? [e.data.policy] : [],
  );
  return adopted.at(-1) ?? DEFAULT_LEADERSHIP_POLICY;
}
const firstOf = (events: DomainEvent[], y: number) => {
  const standings = foldDocuments(standingsProjection, events).get(cycleKey(blocId, y));
  if (standings === undefined) throw new Error(`no standings for ${y}`);
  return rankingView(standings).units.map((row) => `${row.rank}:${row.unitId}`);
};

describe("a year's ranking under its own regulation", () => {
  it("keeps a past year's ranking explained by that year's rules after a later year's regulation changed them", () => {
    const y2017 = [...year(2017), finalized(2017)];
    const adopted2018 = regulation(2018, ['content:2']);
    const log = [...y2017, adopted2018, ...year(2018, [adopted2018]), finalized(2018)];
    expect(firstOf(log, 2017)).toEqual(['1:a', '2:b']);
    expect(firstOf(log, 2018)).toEqual(['1:b', '2:a']);
    const cycles = foldDocuments(cycleProjection, log);
    expect(cycles.get(cycleKey(blocId, 2017))?.policy.tieBreak).toEqual(['content:1', 'indicatorsExceeded']);
    expect(cycles.get(cycleKey(blocId, 2018))?.policy).toEqual({
      ...DEFAULT_LEADERSHIP_POLICY,
      tieBreak: ['content:2'],
      vote: { of: 'members', ratio: 'majority' },
    });
  });

  it('applies a regulation adopted for the year after it opened, before its scoring is finalized', () => {
    const log = [...year(2017), regulation(2017, ['content:2']), finalized(2017)];
    expect(firstOf(log, 2017)).toEqual(['1:b', '2:a']);
  });

  it('keeps the policy ScoringFinalized recorded: a regulation landing after it reaches none of the read models', () => {
    const pinned = { ...DEFAULT_LEADERSHIP_POLICY, tieBreak: ['content:2'] as TieBreakStep[] };
    const registered: DomainEvent = {
      type: 'BlocRegistered',
      data: { blocId, name: 'Khối 4', province: 'Kiên Giang', members, policy: DEFAULT_LEADERSHIP_POLICY },
    };
    const log: DomainEvent[] = [
      registered,
      ...year(2017),
      // Recorded with the year's regulation (content 2 first), as the decider writes it.
      { type: 'ScoringFinalized', data: { blocId, year: 2017, policy: pinned } },
      // Decided on the cycle while it was in review, landed after it was finalized.
      regulation(2017, ['content:1']),
    ];
    expect(firstOf(log, 2017)).toEqual(['1:b', '2:a']);
    expect(foldDocuments(cycleProjection, log).get(cycleKey(blocId, 2017))?.policy.tieBreak).toEqual([
      'content:2',
    ]);
    const years = foldDocuments(leadershipProjection, log).get(blocId)?.years;
    expect(years?.map(({ year: y, policy }) => [y, policy.tieBreak])).toEqual([[2017, ['content:2']]]);
  });
});
