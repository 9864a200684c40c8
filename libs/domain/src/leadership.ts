/**
 * Leadership rotation, as pure functions shared by the election (cycle decider) and the read
 * side (the leadership projection's proposal), so the proposal is always electable.
 */
import { DomainError } from './domain.error.js';
import type { LeadershipPolicy, LeadershipTerm, Member } from './events.js';

export interface LeadershipProposalInput {
  /** Next year's members, in the bloc's order (the order that breaks ties). */
  readonly members: readonly Member[];
  /** This year's leader. */
  readonly currentLeader: string;
  /** This year's honoured leading unit, null before the honouring. */
  readonly leadingUnit: string | null;
  /** This year's unit ids in rank order (provisional before scoring is finalized). */
  readonly ranking: readonly string[];
  /** The bloc's leadership terms, this year's included. */
  readonly history: readonly LeadershipTerm[];
  readonly policy: LeadershipPolicy;
}

export interface ProposedUnit {
  /** null when no member qualifies (a bloc reduced to one unit). */
  readonly unitId: string | null;
  readonly reason: string;
  /** The same reason in Vietnamese, for the console. */
  readonly reasonVi: string;
}

export interface LeadershipProposal {
  readonly leader: ProposedUnit;
  readonly deputy: ProposedUnit;
}

/**
 * The proposal shown before the elections. Leader: the eligible member that has gone longest
 * without leading (never led first, ties in member order), this year's leader excluded when
 * consecutive terms are barred. Deputy: this year's leading unit (the top of the ranking
 * before the honouring), or the next in the ranking when that unit is the proposed leader.
 */
export function proposeLeadership(input: LeadershipProposalInput): LeadershipProposal {
  const leader = proposeLeader(input);
  return { leader, deputy: proposeDeputy(input, leader.unitId) };
}

export interface LeaderEligibilityInput {
  readonly members: readonly Member[];
  readonly candidate: string;
  readonly currentLeader: string;
  /** The bloc's leadership terms, this year's included. */
  readonly history: readonly LeadershipTerm[];
  readonly policy: LeadershipPolicy;
}

/**
 * Refuses a leader the bloc's policy does not allow: this year's leader again
 * (CONSECUTIVE_TERM), or, under strict rotation, a unit while another member has never led
 * or led less recently (ROTATION). Members that never led are all equally due.
 */
export function checkLeaderEligibility(input: LeaderEligibilityInput): void {
  const { candidate, policy } = input;
  if (policy.noConsecutiveLeader && candidate === input.currentLeader) {
    throw new DomainError(
      'CONSECUTIVE_TERM',
      `${candidate} leads the bloc this year and cannot lead it next year`,
      {
        unitId: candidate,
      },
    );
  }
  if (policy.rotation === 'none') return;
  const candidateLastLed = lastLed(input.history, candidate);
  const dueBefore = input.members
    .map((member) => member.unitId)
    .filter(
      (unitId) => unitId !== candidate && ledLessRecently(lastLed(input.history, unitId), candidateLastLed),
    );
  if (dueBefore.length > 0) {
    throw new DomainError(
      'ROTATION',
      `${candidate} last led the bloc in ${candidateLastLed}; under strict rotation ${dueBefore.join(', ')} must lead first`,
      { unitId: candidate, lastLed: candidateLastLed, dueBefore },
    );
  }
}

/** The last year the unit led the bloc, null when it never did. */
export function lastLed(history: readonly LeadershipTerm[], unitId: string): number | null {
  let last: number | null = null;
  for (const term of history)
    if (term.leader === unitId && (last === null || term.year > last)) last = term.year;
  return last;
}

/** Whether a unit that last led in `a` has waited longer than one that last led in `b`. */
function ledLessRecently(a: number | null, b: number | null): boolean {
  if (a === null) return b !== null;
  return b !== null && a < b;
}

function proposeLeader(input: LeadershipProposalInput): ProposedUnit {
  const excluded = input.policy.noConsecutiveLeader ? input.currentLeader : null;
  const eligible = input.members.filter((member) => member.unitId !== excluded);
  let chosen: { member: Member; lastLed: number | null } | null = null;
  for (const member of eligible) {
    const led = lastLed(input.history, member.unitId);
    if (chosen === null || ledLessRecently(led, chosen.lastLed)) chosen = { member, lastLed: led };
  }
  const consecutive =
    excluded !== null && input.members.some((m) => m.unitId === excluded)
      ? ` ${nameOf(input.members, excluded)} leads this year and may not serve a consecutive term.`
      : '';
  const consecutiveVi =
    excluded !== null && input.members.some((m) => m.unitId === excluded)
      ? ` ${nameOf(input.members, excluded)} là khối trưởng năm nay và không được làm khối trưởng hai năm liền.`
      : '';
  if (chosen === null) {
    return {
      unitId: null,
      reason: `No member is eligible to lead next year.${consecutive}`,
      reasonVi: `Không có thành viên nào đủ điều kiện làm khối trưởng năm sau.${consecutiveVi}`,
    };
  }

  const name = chosen.member.name;
  if (chosen.lastLed === null) {
    const alsoNever = eligible.filter(
      (m) => m !== chosen.member && lastLed(input.history, m.unitId) === null,
    );
    const order =
      alsoNever.length > 0
        ? ", and comes first in the bloc's member order among the members that never led"
        : '';
    const orderVi =
      alsoNever.length > 0
        ? ', và đứng đầu theo thứ tự thành viên của khối trong số các đơn vị chưa từng làm khối trưởng'
        : '';
    return {
      unitId: chosen.member.unitId,
      reason: `${name} has never led the bloc${order}.${consecutive}`,
      reasonVi: `${name} chưa từng làm khối trưởng${orderVi}.${consecutiveVi}`,
    };
  }
  return {
    unitId: chosen.member.unitId,
    reason: `${name} last led the bloc in ${chosen.lastLed}, longer ago than any other eligible member.${consecutive}`,
    reasonVi: `${name} làm khối trưởng gần nhất vào năm ${chosen.lastLed}, lâu hơn mọi thành viên đủ điều kiện khác.${consecutiveVi}`,
  };
}

function proposeDeputy(input: LeadershipProposalInput, proposedLeader: string | null): ProposedUnit {
  const isMember = (unitId: string): boolean => input.members.some((m) => m.unitId === unitId);
  const top = input.leadingUnit ?? input.ranking.find(isMember) ?? null;
  const topLabel = input.leadingUnit !== null ? "this year's leading unit" : "first in this year's ranking";
  const topLabelVi = input.leadingUnit !== null ? 'đơn vị dẫn đầu năm nay' : 'đơn vị xếp thứ nhất năm nay';
  if (top !== null && top !== proposedLeader && isMember(top)) {
    const name = nameOf(input.members, top);
    return { unitId: top, reason: `${name} is ${topLabel}.`, reasonVi: `${name} là ${topLabelVi}.` };
  }
  const next = input.ranking.find(
    (unitId) => unitId !== top && unitId !== proposedLeader && isMember(unitId),
  );
  if (next === undefined) {
    return {
      unitId: null,
      reason: 'No other member is ranked this year.',
      reasonVi: 'Không còn thành viên nào khác được xếp hạng năm nay.',
    };
  }
  const why =
    top === null
      ? 'is first in the ranking'
      : top === proposedLeader
        ? `is next in the ranking after ${nameOf(input.members, top)}, ${topLabel} and the proposed leader`
        : `is next in the ranking after ${top}, ${topLabel}, who is no longer a member`;
  const whyVi =
    top === null
      ? 'đứng đầu bảng xếp hạng'
      : top === proposedLeader
        ? `xếp tiếp theo sau ${nameOf(input.members, top)}, ${topLabelVi} và là khối trưởng được đề xuất`
        : `xếp tiếp theo sau ${top}, ${topLabelVi}, nay không còn là thành viên`;
  const name = nameOf(input.members, next);
  return { unitId: next, reason: `${name} ${why}.`, reasonVi: `${name} ${whyVi}.` };
}

function nameOf(members: readonly Member[], unitId: string): string {
  return members.find((m) => m.unitId === unitId)?.name ?? unitId;
}
