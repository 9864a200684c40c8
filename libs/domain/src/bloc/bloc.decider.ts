/**
 * The bloc (`bloc-{blocId}`): its name, its members in order and its regulation. A cycle
 * copies the member list and the policy when it opens, so later changes reach the next year.
 */
import { requireBoard } from '../authorization.js';
import { type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { BlocEvent, LeadershipPolicy, Member } from '../events.js';
import type { Regulation } from '../regulation.js';
import type { AdmitMember, BlocCommand, RegisterBloc, WithdrawMember } from './bloc.commands.js';
import { adoptRegulation } from './bloc.regulation.js';

/** The default regulation: strict rotation, no consecutive terms, content 1 then indicators. */
export const DEFAULT_LEADERSHIP_POLICY: LeadershipPolicy = {
  rotation: 'strict',
  noConsecutiveLeader: true,
  tieBreak: ['content:1', 'indicatorsExceeded'],
};

export interface BlocState {
  readonly blocId: string;
  readonly name: string;
  readonly province: string;
  /** Current members in the bloc's order: registration order, then admission order. */
  readonly members: readonly Member[];
  /** The policy the bloc was registered with: what a year applies before any regulation. */
  readonly policy: LeadershipPolicy;
  /** Regulations in the order adopted (see `policyInForce`). */
  readonly regulations: readonly Regulation[];
}

/** `null` until the bloc is registered. */
export type BlocDeciderState = BlocState | null;

export const blocDecider: Decider<BlocCommand, BlocEvent, BlocDeciderState> = {
  initialState: () => null,
  evolve,
  decide,
};

function evolve(state: BlocDeciderState, event: BlocEvent): BlocDeciderState {
  switch (event.type) {
    case 'BlocRegistered': {
      const { blocId, name, province, members, policy } = event.data;
      return { blocId, name, province, members, policy, regulations: [] };
    }
    case 'MemberAdmitted':
      return (
        state && {
          ...state,
          members: [...state.members, { unitId: event.data.unitId, name: event.data.name }],
        }
      );
    case 'MemberWithdrawn':
      return state && { ...state, members: state.members.filter((m) => m.unitId !== event.data.unitId) };
    case 'RegulationAdopted':
      return state && { ...state, regulations: [...state.regulations, event.data] };
    default:
      return unreachable(event);
  }
}

function decide(command: BlocCommand, state: BlocDeciderState): readonly BlocEvent[] {
  switch (command.type) {
    case 'RegisterBloc':
      return registerBloc(command, state);
    case 'AdmitMember':
      return admitMember(command, registered(state, command.data.blocId));
    case 'WithdrawMember':
      return withdrawMember(command, registered(state, command.data.blocId));
    case 'AdoptRegulation':
      return adoptRegulation(command, registered(state, command.data.blocId));
    default:
      return unreachable(command);
  }
}

function registerBloc(command: RegisterBloc, state: BlocDeciderState): readonly BlocEvent[] {
  requireBoard(command.metadata.actor, 'register a bloc');
  const { blocId, name, province, members, policy } = command.data;
  if (state !== null) {
    throw new DomainError('ALREADY_EXISTS', `Bloc ${blocId} is already registered`, { blocId });
  }
  if (members.length === 0) throw new DomainError('INVALID_MEMBERS', 'A bloc needs at least one member');
  requireRoomFor(members.length);
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.unitId)) {
      throw new DomainError('INVALID_MEMBERS', `Unit ${member.unitId} is listed twice`, {
        unitId: member.unitId,
      });
    }
    seen.add(member.unitId);
  }
  return [
    {
      type: 'BlocRegistered',
      data: {
        blocId,
        name,
        province: province ?? '',
        members: members.map(({ unitId, name: unitName }) => ({ unitId, name: unitName })),
        policy: {
          rotation: policy?.rotation ?? DEFAULT_LEADERSHIP_POLICY.rotation,
          noConsecutiveLeader: policy?.noConsecutiveLeader ?? DEFAULT_LEADERSHIP_POLICY.noConsecutiveLeader,
          tieBreak: policy?.tieBreak ?? DEFAULT_LEADERSHIP_POLICY.tieBreak,
          ...(policy?.vote === undefined ? {} : { vote: policy.vote }),
        },
      },
    },
  ];
}

function admitMember(command: AdmitMember, state: BlocState): readonly BlocEvent[] {
  requireBoard(command.metadata.actor, 'admit members');
  const { blocId, unitId, name } = command.data;
  if (state.members.some((m) => m.unitId === unitId)) {
    throw new DomainError('ALREADY_EXISTS', `${unitId} is already a member of bloc ${blocId}`, { unitId });
  }
  requireRoomFor(state.members.length + 1);
  return [{ type: 'MemberAdmitted', data: { blocId, unitId, name } }];
}

function withdrawMember(command: WithdrawMember, state: BlocState): readonly BlocEvent[] {
  requireBoard(command.metadata.actor, 'withdraw members');
  const { blocId, unitId } = command.data;
  const reason = command.metadata.reason?.trim();
  if (!reason) throw new DomainError('REASON_REQUIRED', 'Withdrawing a member needs a reason');
  if (!state.members.some((m) => m.unitId === unitId)) {
    throw new DomainError('NOT_A_MEMBER', `${unitId} is not a member of bloc ${blocId}`, { unitId });
  }
  if (state.members.length === 1) {
    throw new DomainError('INVALID_MEMBERS', 'A bloc keeps at least one member');
  }
  return [{ type: 'MemberWithdrawn', data: { blocId, unitId, reason } }];
}

/**
 * A bloc has at most MAX_BLOC_MEMBERS members (API.md): real blocs have 5–12, and every
 * cycle decision (signing, standings, rotation) walks the member list.
 */
export const MAX_BLOC_MEMBERS = 100;

function requireRoomFor(count: number): void {
  if (count > MAX_BLOC_MEMBERS) {
    throw new DomainError('INVALID_MEMBERS', `A bloc has at most ${MAX_BLOC_MEMBERS} members, not ${count}`, {
      members: count,
      max: MAX_BLOC_MEMBERS,
    });
  }
}

function registered(state: BlocDeciderState, blocId: string): BlocState {
  if (state === null) throw new DomainError('NOT_FOUND', `No bloc ${blocId}`, { blocId });
  return state;
}
