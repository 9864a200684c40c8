/**
 * The bloc's regulation, versioned by year: which policy a year applies, and how a vote passes
 * under it. Both sides use these rules, so the decider and the read side agree on them.
 */
import type { LeadershipPolicy, RegulationAdopted, Votes, VoteRule } from './events.js';

/** The vote rule before any regulation set one: more than half of all the cycle's members. */
export const DEFAULT_VOTE_RULE: VoteRule = { of: 'members', ratio: 'majority' };

/** The policy's vote rule; policies recorded before regulations existed have none. */
export function voteRuleOf(policy: LeadershipPolicy): VoteRule {
  return policy.vote ?? DEFAULT_VOTE_RULE;
}

/** The policy with its vote rule spelled out, as the read side shows it. */
export function completePolicy(policy: LeadershipPolicy): Required<LeadershipPolicy> {
  return { ...policy, vote: voteRuleOf(policy) };
}

export type Regulation = RegulationAdopted['data'];

/**
 * The policy year `year` applies: the latest regulation adopted for that year or an earlier
 * one (a later adoption for the same year supersedes), else the bloc's registered policy.
 */
export function policyInForce(
  registered: LeadershipPolicy,
  regulations: readonly Regulation[],
  year: number,
): LeadershipPolicy {
  let found: Regulation | undefined;
  for (const regulation of regulations) {
    if (regulation.year <= year && (found === undefined || regulation.year >= found.year)) found = regulation;
  }
  return found?.policy ?? registered;
}

/**
 * The policy of the latest regulation adopted for exactly `year`, if any: what an opened cycle
 * takes from the bloc's stream. Its opening copied policyInForce then; afterwards only a
 * regulation for its own year can be adopted (one for an earlier year is refused once a later
 * year has opened), so a regulation for an earlier year that lands after the opening, decided
 * before it on the other stream, does not reach the year. The read side files a regulation
 * under its own year only, and agrees.
 */
export function regulationOfYear(
  regulations: readonly Regulation[],
  year: number,
): LeadershipPolicy | undefined {
  let found: Regulation | undefined;
  for (const regulation of regulations) if (regulation.year === year) found = regulation;
  return found?.policy;
}

/**
 * Whether a tally passes under the rule: the votes for, against all the cycle's members
 * (`members`) or those who cast a ballot (`present`); more than half (`majority`) or at least
 * two thirds (`two-thirds`). Nobody voting never passes.
 */
export function votePasses(votes: Votes, members: number, rule: VoteRule): boolean {
  const base = rule.of === 'members' ? members : votes.for + votes.against + votes.abstain;
  if (base === 0) return false;
  return rule.ratio === 'majority' ? votes.for * 2 > base : votes.for * 3 >= base * 2;
}

/** The threshold in words, for refusals: "more than half of 7 members". */
export function describeThreshold(votes: Votes, members: number, rule: VoteRule): string {
  const base =
    rule.of === 'members'
      ? `${members} members`
      : `${votes.for + votes.against + votes.abstain} ballots cast`;
  return `${rule.ratio === 'majority' ? 'more than half' : 'at least two thirds'} of ${base}`;
}
