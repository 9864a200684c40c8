import { describe, it } from '@jest/globals';
import type { BlocEvent, Member } from '../events.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import { blocDecider, DEFAULT_LEADERSHIP_POLICY, MAX_BLOC_MEMBERS } from './bloc.decider.js';

const spec = specOf(blocDecider);
const members: Member[] = [
  { unitId: 'y-te', name: 'Sở Y tế' },
  { unitId: 'giao-duc', name: 'Sở Giáo dục và Đào tạo' },
];
const registered: BlocEvent = {
  type: 'BlocRegistered',
  data: {
    blocId: 'kg-4',
    name: 'Khối 4',
    province: 'Kiên Giang',
    members,
    policy: DEFAULT_LEADERSHIP_POLICY,
  },
};

describe('bloc decider', () => {
  describe('RegisterBloc', () => {
    const register = {
      type: 'RegisterBloc',
      data: { blocId: 'kg-4', name: 'Khối 4', province: 'Kiên Giang', members },
    } as const;

    it('registers the bloc with the default regulation', () => {
      spec
        .given([])
        .when({ ...register, metadata: byBoard() })
        .then([registered]);
    });

    it('keeps the policy fields the board gives and defaults the rest', () => {
      spec
        .given([])
        .when({
          ...register,
          data: { ...register.data, province: undefined, policy: { rotation: 'none' } },
          metadata: byBoard(),
        })
        .then([
          {
            ...registered,
            data: {
              ...registered.data,
              province: '',
              policy: { ...DEFAULT_LEADERSHIP_POLICY, rotation: 'none' },
            },
          },
        ]);
    });

    it('is for the board only', () => {
      spec
        .given([])
        .when({ ...register, metadata: byUnit('y-te') })
        .thenThrows('FORBIDDEN');
      spec
        .given([])
        .when({ ...register, metadata: byAuditor() })
        .thenThrows('FORBIDDEN');
    });

    it('refuses a bloc registered before', () => {
      spec
        .given([registered])
        .when({ ...register, metadata: byBoard() })
        .thenThrows('ALREADY_EXISTS');
    });

    it('refuses an empty member list and a unit listed twice', () => {
      spec
        .given([])
        .when({ ...register, data: { ...register.data, members: [] }, metadata: byBoard() })
        .thenThrows('INVALID_MEMBERS');
      spec
        .given([])
        .when({
          ...register,
          data: { ...register.data, members: [...members, members[0]] },
          metadata: byBoard(),
        })
        .thenThrows('INVALID_MEMBERS');
    });
  });

  describe('the size of a bloc', () => {
    const unitsNumbered = (count: number): Member[] =>
      Array.from({ length: count }, (_, i) => ({ unitId: `u-${i}`, name: `Unit ${i}` }));

    it(`registers at most ${MAX_BLOC_MEMBERS} members and admits none beyond`, () => {
      const register = (count: number) => ({
        type: 'RegisterBloc' as const,
        data: { blocId: 'kg-4', name: 'Khối 4', members: unitsNumbered(count) },
        metadata: byBoard(),
      });
      spec
        .given([])
        .when(register(MAX_BLOC_MEMBERS + 1))
        .thenThrows('INVALID_MEMBERS');
      const full: BlocEvent = {
        ...registered,
        data: { ...registered.data, members: unitsNumbered(MAX_BLOC_MEMBERS) },
      } as BlocEvent;
      spec
        .given([full])
        .when({
          type: 'AdmitMember',
          data: { blocId: 'kg-4', unitId: 'one-more', name: 'One more' },
          metadata: byBoard(),
        })
        .thenThrows('INVALID_MEMBERS');
    });
  });

  describe('AdmitMember', () => {
    const admit = (unitId: string) =>
      ({ type: 'AdmitMember', data: { blocId: 'kg-4', unitId, name: `Unit ${unitId}` } }) as const;

    it('admits a new unit at the end of the member order', () => {
      spec
        .given([registered])
        .when({ ...admit('du-lich'), metadata: byBoard() })
        .then([
          { type: 'MemberAdmitted', data: { blocId: 'kg-4', unitId: 'du-lich', name: 'Unit du-lich' } },
        ]);
    });

    it('refuses a unit that is already a member, an unknown bloc, and anyone but the board', () => {
      spec
        .given([registered])
        .when({ ...admit('y-te'), metadata: byBoard() })
        .thenThrows('ALREADY_EXISTS');
      spec
        .given([])
        .when({ ...admit('du-lich'), metadata: byBoard() })
        .thenThrows('NOT_FOUND');
      spec
        .given([registered])
        .when({ ...admit('du-lich'), metadata: byUnit('y-te') })
        .thenThrows('FORBIDDEN');
    });

    it('re-admits a unit that was withdrawn', () => {
      const withdrawn: BlocEvent = {
        type: 'MemberWithdrawn',
        data: { blocId: 'kg-4', unitId: 'y-te', reason: 'Merged' },
      };
      spec
        .given([registered, withdrawn])
        .when({ ...admit('y-te'), metadata: byBoard() })
        .then([{ type: 'MemberAdmitted', data: { blocId: 'kg-4', unitId: 'y-te', name: 'Unit y-te' } }]);
    });
  });

  describe('WithdrawMember', () => {
    const withdraw = { type: 'WithdrawMember', data: { blocId: 'kg-4', unitId: 'giao-duc' } } as const;

    it('withdraws a member with the reason given', () => {
      spec
        .given([registered])
        .when({ ...withdraw, metadata: byBoard('Moved to bloc 2 after the 2025 merger') })
        .then([
          {
            type: 'MemberWithdrawn',
            data: { blocId: 'kg-4', unitId: 'giao-duc', reason: 'Moved to bloc 2 after the 2025 merger' },
          },
        ]);
    });

    it('needs a reason', () => {
      spec
        .given([registered])
        .when({ ...withdraw, metadata: byBoard() })
        .thenThrows('REASON_REQUIRED');
      spec
        .given([registered])
        .when({ ...withdraw, metadata: byBoard('   ') })
        .thenThrows('REASON_REQUIRED');
    });

    it('refuses a unit that is not a member, and the last member', () => {
      const gone: BlocEvent = {
        type: 'MemberWithdrawn',
        data: { blocId: 'kg-4', unitId: 'giao-duc', reason: 'Merged' },
      };
      spec
        .given([registered, gone])
        .when({ ...withdraw, metadata: byBoard('again') })
        .thenThrows('NOT_A_MEMBER');
      spec
        .given([registered, gone])
        .when({ ...withdraw, data: { blocId: 'kg-4', unitId: 'y-te' }, metadata: byBoard('last one') })
        .thenThrows('INVALID_MEMBERS');
    });

    it('is for the board only', () => {
      spec
        .given([registered])
        .when({ ...withdraw, metadata: byAuditor() })
        .thenThrows('FORBIDDEN');
    });
  });
});
