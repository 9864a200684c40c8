/**
 * The read side with ids and codes named like the members every plain object inherits: a whole
 * bloc-year folded by every projection, each document stored as JSON (as both stores keep
 * them) and read back, then shown.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY, type DomainEvent, type Framework, type Member } from '@app/domain';
import { blocsProjection, type BlocDocument } from './blocs/blocs.projection.js';
import { cycleProjection, type CycleDocument } from './cycle/cycle.projection.js';
import { leadershipProjection, type LeadershipDocument } from './leadership/leadership.projection.js';
import { leadershipAssignment } from './leadership/leadership.view.js';
import { cycleKey, type DocumentProjection, foldDocuments } from './projection.js';
import { standingsProjection, type StandingsDocument } from './standings/standings.projection.js';
import { rankingView, standingsView } from './standings/standings.view.js';

const blocId = 'constructor';
const year = 2017;
const units = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const members: Member[] = units.map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
const framework: Framework = {
  contents: [
    {
      code: '__proto__',
      title: 'Political tasks',
      criteria: [
        { code: 'toString', title: 'a', maxPoints: 100, kind: 'standard' },
        { code: '__proto__', title: 'b', maxPoints: 100, kind: 'standard' },
      ],
    },
    {
      code: 'constructor',
      title: 'Building',
      criteria: [
        { code: 'hasOwnProperty', title: 'c', maxPoints: 50, kind: 'standard' },
        { code: 'constructor', title: 'd', maxPoints: 10, kind: 'bonus' },
      ],
    },
  ],
};
const data = { blocId, year };
const events: DomainEvent[] = [
  {
    type: 'BlocRegistered',
    data: { blocId, name: 'Khối', province: 'Kiên Giang', members, policy: DEFAULT_LEADERSHIP_POLICY },
  },
  {
    type: 'CycleOpened',
    data: {
      ...data,
      framework,
      members,
      leader: 'hasOwnProperty',
      deputy: 'toString',
      policy: DEFAULT_LEADERSHIP_POLICY,
      leadershipHistory: [],
    },
  },
  ...units.map((unitId): DomainEvent => ({
    type: 'IndicatorTargetSet',
    data: {
      ...data,
      unitId,
      code: 'valueOf',
      title: 't',
      criterion: 'toString',
      measure: '%',
      direction: 'increase',
      target: 10,
    },
  })),
  ...units.map((unitId): DomainEvent => ({
    type: 'PactSigned',
    data: { ...data, unitId, signatory: { title: 'GĐ' } },
  })),
  { type: 'PactInForce', data },
  {
    type: 'IndicatorReported',
    data: { ...data, unitId: 'constructor', indicator: 'valueOf', period: '2017', value: 11 },
  },
  {
    type: 'SelfAssessmentSubmitted',
    data: { ...data, unitId: '__proto__', scores: [{ criterion: '__proto__', points: 99 }] },
  },
  { type: 'ReviewOpened', data: { ...data, meetingDate: '2018-01-12' } },
  // Unit i gets 10·(i+1) on each standard criterion; "constructor" also the bonus.
  ...units.flatMap((unitId, index) =>
    ['toString', '__proto__', 'hasOwnProperty'].map((criterion): DomainEvent => ({
      type: 'ScoreAwarded',
      data: { ...data, unitId, criterion, points: 10 * (index + 1) },
    })),
  ),
  { type: 'ScoreAwarded', data: { ...data, unitId: 'constructor', criterion: 'constructor', points: 10 } },
  { type: 'ScoringFinalized', data },
  { type: 'LeadingUnitHonored', data: { ...data, unitId: 'hasOwnProperty' } },
  {
    type: 'LeaderElected',
    data: { ...data, forYear: 2018, unitId: 'constructor', votes: { for: 4, against: 0, abstain: 0 } },
  },
  {
    type: 'DeputyElected',
    data: { ...data, forYear: 2018, unitId: '__proto__', votes: { for: 4, against: 0, abstain: 0 } },
  },
];

/** The document as a store hands it back: JSON written and parsed. */
function stored<Document>(projection: DocumentProjection<Document>, key: string): Document {
  const document = foldDocuments(projection, events).get(key);
  if (document === undefined) throw new Error(`no ${projection.name} document ${key}`);
  return JSON.parse(JSON.stringify(document)) as Document;
}

afterEach(() => {
  expect({}.constructor).toBe(Object);
  expect(Object.keys(Object)).toEqual([]);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

describe('read models with ids and codes named like inherited members', () => {
  it('ranks the units by their own points and indicators', () => {
    const standings = stored<StandingsDocument>(standingsProjection, cycleKey(blocId, year));
    const view = standingsView(standings);
    expect(view.units.map((row) => [row.rank, row.unitId, row.total])).toEqual([
      [1, 'hasOwnProperty', 120],
      [2, 'toString', 90],
      [3, '__proto__', 60],
      [4, 'constructor', 40],
    ]);
    const constructorRow = view.units.find((row) => row.unitId === 'constructor');
    expect(constructorRow?.indicators).toEqual({ assigned: 1, reported: 1, met: 1, exceeded: 1 });
    expect(Object.entries(constructorRow?.byContent ?? {})).toEqual([
      ['__proto__', 20],
      ['constructor', 20],
    ]);
    expect(view.units.find((row) => row.unitId === '__proto__')?.selfAssessedTotal).toBe(99);
    expect(view.units.find((row) => row.unitId === 'toString')?.selfAssessedTotal).toBeNull();
    expect(rankingView(standings)).toMatchObject({
      leadingUnit: 'hasOwnProperty',
      runnersUp: ['toString', '__proto__'],
    });
  });

  it('shows the cycle, the bloc and the leadership', () => {
    const cycle = stored<CycleDocument>(cycleProjection, cycleKey(blocId, year));
    expect(cycle.members.every((member) => member.signed)).toBe(true);
    expect(stored<BlocDocument>(blocsProjection, blocId)).toMatchObject({ id: 'constructor', years: [2017] });
    const leadership = stored<LeadershipDocument>(leadershipProjection, blocId);
    const standings = stored<StandingsDocument>(standingsProjection, cycleKey(blocId, year));
    expect(leadershipAssignment(leadership, 2018, standings)).toMatchObject({
      status: 'elected',
      leader: 'constructor',
      deputy: '__proto__',
    });
  });
});
