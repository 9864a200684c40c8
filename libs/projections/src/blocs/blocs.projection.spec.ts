import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LEADERSHIP_POLICY, type DomainEvent } from '@app/domain';
import { foldDocuments } from '../projection.js';
import { referenceCase, referenceLog } from '../testing/reference-log.js';
import { blocsProjection } from './blocs.projection.js';

const blocId = referenceCase.bloc.id;
const blocOf = (events: readonly DomainEvent[]) => foldDocuments(blocsProjection, events).get(blocId);

describe('BlocsProjection', () => {
  it('shows a registered bloc with its members, policy and opened years', () => {
    const bloc = blocOf(referenceLog('closed').map((logged) => logged.event));
    expect(bloc).toEqual({
      id: blocId,
      name: referenceCase.bloc.name,
      province: 'Kiên Giang',
      members: referenceCase.bloc.members,
      policy: DEFAULT_LEADERSHIP_POLICY,
      years: [2017],
    });
  });

  it('keeps the current members after admissions and withdrawals', () => {
    const registered = referenceLog('registered').map((logged) => logged.event);
    const bloc = blocOf([
      ...registered,
      { type: 'MemberAdmitted', data: { blocId, unitId: 'tai-chinh', name: 'Sở Tài chính' } },
      { type: 'MemberWithdrawn', data: { blocId, unitId: 'du-lich', reason: 'merged in 2025' } },
      { type: 'MemberAdmitted', data: { blocId, unitId: 'tai-chinh', name: 'Sở Tài chính' } },
    ]);
    expect(bloc?.members.map((member) => member.unitId)).toEqual([
      'y-te',
      'giao-duc',
      'van-hoa',
      'lao-dong',
      'khoa-hoc',
      'dan-toc',
      'tai-chinh',
    ]);
  });

  it('lists opened years once each, ascending', () => {
    const [registered] = referenceLog('registered');
    const opened = referenceLog('opened')[1].event;
    if (opened.type !== 'CycleOpened') throw new Error('expected CycleOpened');
    const openYear = (year: number): DomainEvent => ({ ...opened, data: { ...opened.data, year } });
    const bloc = blocOf([registered.event, openYear(2018), openYear(2017), openYear(2018)]);
    expect(bloc?.years).toEqual([2017, 2018]);
  });

  it('has no document for events of a bloc that was never registered', () => {
    expect(blocOf([{ type: 'MemberAdmitted', data: { blocId, unitId: 'x', name: 'X' } }])).toBeUndefined();
  });
});
