import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@app/domain';
import { cycleKey, foldDocuments } from '../projection.js';
import { standingsProjection } from '../standings/standings.projection.js';
import { referenceCase, referenceLog, type ReferenceStage } from '../testing/reference-log.js';
import { leadershipProjection, termsOf } from './leadership.projection.js';
import { leadershipAssignment } from './leadership.view.js';

const blocId = referenceCase.bloc.id;
const eventsUntil = (stage: ReferenceStage): DomainEvent[] =>
  referenceLog(stage).map((logged) => logged.event);

function assignment2018(events: readonly DomainEvent[]) {
  const leadership = foldDocuments(leadershipProjection, events).get(blocId);
  if (leadership === undefined) throw new Error('no leadership document');
  const standings2017 = foldDocuments(standingsProjection, events).get(cycleKey(blocId, 2017));
  return leadershipAssignment(leadership, 2018, standings2017);
}

describe('LeadershipProjection', () => {
  it('shows the elected pair for 2018 after the elections', () => {
    const assignment = assignment2018(eventsUntil('closed'));
    expect(assignment).toMatchObject({
      year: 2018,
      status: 'elected',
      ...referenceCase.expected.leadership2018,
    });
  });

  it('proposes before the elections: the member that never led, and the leading unit as deputy', () => {
    const assignment = assignment2018(eventsUntil('finalized'));
    expect(assignment.status).toBe('proposed');
    // Sở Y tế leads 2017 and may not serve twice in a row; the others never led: member order decides.
    expect(assignment.proposal?.leader.unitId).toBe('giao-duc');
    expect(assignment.proposal?.leader.reason).toContain('never led');
    expect(assignment.proposal?.deputy).toEqual({
      unitId: 'lao-dong',
      reason: expect.stringContaining('leading unit'),
      reasonVi: expect.stringContaining('đơn vị dẫn đầu'),
    });
    expect(assignment).toMatchObject({ leader: 'giao-duc', deputy: 'lao-dong' });
  });

  it('is partial once only the leader is elected', () => {
    const events = eventsUntil('finalized');
    const leaderElected: DomainEvent = {
      type: 'LeaderElected',
      data: {
        blocId,
        year: 2017,
        forYear: 2018,
        unitId: 'van-hoa',
        votes: { for: 6, against: 1, abstain: 0 },
      },
    };
    expect(assignment2018([...events, leaderElected])).toMatchObject({
      status: 'partial',
      leader: 'van-hoa',
      deputy: 'lao-dong',
    });
  });

  it('keeps the terms served, the opening history first', () => {
    const events = eventsUntil('opened');
    const opened = events[1];
    if (opened.type !== 'CycleOpened') throw new Error('expected CycleOpened');
    const withHistory: DomainEvent = {
      ...opened,
      data: { ...opened.data, leadershipHistory: [{ year: 2016, leader: 'dan-toc', deputy: 'y-te' }] },
    };
    const leadership = foldDocuments(leadershipProjection, [events[0], withHistory]).get(blocId);
    expect(leadership && termsOf(leadership)).toEqual([
      { year: 2016, leader: 'dan-toc', deputy: 'y-te' },
      { year: 2017, leader: 'y-te', deputy: 'giao-duc' },
    ]);
  });

  it('shows a first year appointed at opening as settled, without a proposal', () => {
    const events = eventsUntil('opened');
    const leadership = foldDocuments(leadershipProjection, events).get(blocId);
    if (leadership === undefined) throw new Error('no leadership document');
    expect(leadershipAssignment(leadership, 2017, undefined)).toEqual({
      year: 2017,
      leader: 'y-te',
      deputy: 'giao-duc',
      status: 'elected',
      proposal: null,
    });
  });
});
