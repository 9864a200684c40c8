import { describe, expect, it } from '@jest/globals';
import type { LeadershipPolicy, LeadershipTerm, Member } from './events.js';
import { checkLeaderEligibility, lastLed, proposeLeadership } from './leadership.js';
import { thrownCode } from './testing/decider-spec.js';
import { readReferenceCase } from './testing/reference-case.js';

const referenceCase = readReferenceCase();
const strict: LeadershipPolicy = { rotation: 'strict', noConsecutiveLeader: true, tieBreak: [] };
const members = referenceCase.bloc.members;
const ranking2017 = referenceCase.expected.ranking.map((row) => row.unitId);
const history2017: LeadershipTerm[] = [{ year: 2017, leader: 'y-te', deputy: 'giao-duc' }];

describe('proposeLeadership', () => {
  it('proposes for 2018 the first never-led member and 2017 leading unit as deputy', () => {
    const proposal = proposeLeadership({
      members,
      currentLeader: 'y-te',
      leadingUnit: 'lao-dong',
      ranking: ranking2017,
      history: history2017,
      policy: strict,
    });
    expect(proposal.leader.unitId).toBe('giao-duc');
    expect(proposal.leader.reason).toMatch(/Sở Giáo dục và Đào tạo has never led the bloc/);
    expect(proposal.leader.reason).toMatch(/Sở Y tế leads this year/);
    expect(proposal.deputy).toEqual({
      unitId: 'lao-dong',
      reason: "Sở Lao động - Thương binh và Xã hội is this year's leading unit.",
      reasonVi: 'Sở Lao động - Thương binh và Xã hội là đơn vị dẫn đầu năm nay.',
    });
    expect(proposal.leader.reasonVi).toBe(
      'Sở Giáo dục và Đào tạo chưa từng làm khối trưởng, và đứng đầu theo thứ tự thành viên của khối trong số các đơn vị chưa từng làm khối trưởng. Sở Y tế là khối trưởng năm nay và không được làm khối trưởng hai năm liền.',
    );
  });

  it('proposes van-hoa, as the bloc elected it, once giao-duc has led before', () => {
    const history = [{ year: 2016, leader: 'giao-duc', deputy: 'y-te' }, ...history2017];
    const proposal = proposeLeadership({
      members,
      currentLeader: 'y-te',
      leadingUnit: 'lao-dong',
      ranking: ranking2017,
      history,
      policy: strict,
    });
    expect(proposal.leader.unitId).toBe(referenceCase.expected.leadership2018.leader);
    expect(proposal.deputy.unitId).toBe(referenceCase.expected.leadership2018.deputy);
  });

  const abc: Member[] = ['a', 'b', 'c'].map((unitId) => ({ unitId, name: unitId.toUpperCase() }));

  it('once all have led, proposes the one that led longest ago, saying when', () => {
    const history = [
      { year: 2015, leader: 'b', deputy: 'a' },
      { year: 2016, leader: 'a', deputy: 'b' },
      { year: 2017, leader: 'c', deputy: 'a' },
    ];
    const proposal = proposeLeadership({
      members: abc,
      currentLeader: 'c',
      leadingUnit: 'a',
      ranking: ['a', 'b', 'c'],
      history,
      policy: strict,
    });
    expect(proposal.leader).toEqual({
      unitId: 'b',
      reason:
        'B last led the bloc in 2015, longer ago than any other eligible member. C leads this year and may not serve a consecutive term.',
      reasonVi:
        'B làm khối trưởng gần nhất vào năm 2015, lâu hơn mọi thành viên đủ điều kiện khác. C là khối trưởng năm nay và không được làm khối trưởng hai năm liền.',
    });
    expect(proposal.deputy.unitId).toBe('a');
  });

  it('proposes the next in the ranking as deputy when the leading unit is the proposed leader', () => {
    const history = [{ year: 2017, leader: 'a', deputy: 'c' }];
    const proposal = proposeLeadership({
      members: abc,
      currentLeader: 'a',
      leadingUnit: 'b',
      ranking: ['b', 'c', 'a'],
      history,
      policy: strict,
    });
    expect(proposal.leader.unitId).toBe('b');
    expect(proposal.deputy.unitId).toBe('c');
    expect(proposal.deputy.reason).toBe(
      "C is next in the ranking after B, this year's leading unit and the proposed leader.",
    );
    expect(proposal.deputy.reasonVi).toBe(
      'C xếp tiếp theo sau B, đơn vị dẫn đầu năm nay và là khối trưởng được đề xuất.',
    );
  });

  it('uses the top of the ranking before the leading unit is honoured', () => {
    const proposal = proposeLeadership({
      members: abc,
      currentLeader: 'a',
      leadingUnit: null,
      ranking: ['c', 'b', 'a'],
      history: [],
      policy: strict,
    });
    expect(proposal.deputy).toEqual({
      unitId: 'c',
      reason: "C is first in this year's ranking.",
      reasonVi: 'C là đơn vị xếp thứ nhất năm nay.',
    });
  });

  it("keeps this year's leader in the running when consecutive terms are allowed", () => {
    const input = {
      members: [abc[0]],
      currentLeader: 'a',
      leadingUnit: 'a',
      ranking: ['a'],
      history: [{ year: 2017, leader: 'a', deputy: 'b' }],
    };
    expect(proposeLeadership({ ...input, policy: { ...strict, noConsecutiveLeader: false } }).leader).toEqual(
      {
        unitId: 'a',
        reason: 'A last led the bloc in 2017, longer ago than any other eligible member.',
        reasonVi: 'A làm khối trưởng gần nhất vào năm 2017, lâu hơn mọi thành viên đủ điều kiện khác.',
      },
    );
    expect(proposeLeadership({ ...input, policy: strict }).leader.unitId).toBeNull();
  });
});

describe('checkLeaderEligibility', () => {
  it("lets the bloc elect van-hoa for 2018 with only 2017's term known", () => {
    expect(
      thrownCode(() =>
        checkLeaderEligibility({
          members,
          candidate: 'van-hoa',
          currentLeader: 'y-te',
          history: history2017,
          policy: strict,
        }),
      ),
    ).toBeUndefined();
  });

  it("refuses this year's leader for a consecutive term", () => {
    const check = () =>
      checkLeaderEligibility({
        members,
        candidate: 'y-te',
        currentLeader: 'y-te',
        history: history2017,
        policy: strict,
      });
    expect(thrownCode(check)).toBe('CONSECUTIVE_TERM');
  });

  it('refuses, under strict rotation, a unit that led while another never did', () => {
    const history = [{ year: 2016, leader: 'giao-duc', deputy: 'y-te' }, ...history2017];
    const check = () =>
      checkLeaderEligibility({
        members,
        candidate: 'giao-duc',
        currentLeader: 'y-te',
        history,
        policy: strict,
      });
    expect(thrownCode(check)).toBe('ROTATION');
  });

  it('refuses a unit that led more recently than another, and allows the one that waited longest', () => {
    const abc: Member[] = ['a', 'b', 'c'].map((unitId) => ({ unitId, name: unitId }));
    const history = [
      { year: 2015, leader: 'a', deputy: 'b' },
      { year: 2016, leader: 'b', deputy: 'c' },
      { year: 2017, leader: 'c', deputy: 'a' },
    ];
    const check = (candidate: string) => () =>
      checkLeaderEligibility({ members: abc, candidate, currentLeader: 'c', history, policy: strict });
    expect(thrownCode(check('b'))).toBe('ROTATION');
    expect(thrownCode(check('a'))).toBeUndefined();
    // Units that left the bloc no longer hold anyone back.
    const bc = abc.filter((m) => m.unitId !== 'a');
    expect(
      thrownCode(() =>
        checkLeaderEligibility({ members: bc, candidate: 'b', currentLeader: 'c', history, policy: strict }),
      ),
    ).toBeUndefined();
  });

  it('skips the rotation when the bloc switched it off, but not the consecutive-term bar', () => {
    const history = [{ year: 2016, leader: 'giao-duc', deputy: 'y-te' }, ...history2017];
    const policy: LeadershipPolicy = { ...strict, rotation: 'none' };
    expect(
      thrownCode(() =>
        checkLeaderEligibility({ members, candidate: 'giao-duc', currentLeader: 'y-te', history, policy }),
      ),
    ).toBeUndefined();
    expect(
      thrownCode(() =>
        checkLeaderEligibility({ members, candidate: 'y-te', currentLeader: 'y-te', history, policy }),
      ),
    ).toBe('CONSECUTIVE_TERM');
  });

  it('reads the last year a unit led from the history, in any order', () => {
    const history = [
      { year: 2017, leader: 'a', deputy: 'b' },
      { year: 2012, leader: 'a', deputy: 'b' },
    ];
    expect(lastLed(history, 'a')).toBe(2017);
    expect(lastLed(history, 'b')).toBeNull();
  });
});
