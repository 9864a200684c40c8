/**
 * The regulation a bloc-year applies, read from the bloc's stream: what finalizing the scoring,
 * honouring, electing and closing a vote pass to the cycle decider, since a regulation adopted
 * after the cycle opened replaces the policy the opening copied (until the scoring is finalized:
 * ScoringFinalized records the policy, and the decider keeps to it from then on).
 */
import { blocDecider, blocStream, type LeadershipPolicy, regulationOfYear } from '@app/domain';
import type { DecisionContext } from '../write/event-streams.js';
import type { CycleKey } from './cycle-key.js';

/** `streams` reads the bloc's stream: a decision's context, or EventStreams (its `load` always reads the store). */
export async function policyContext(
  streams: DecisionContext,
  { blocId, year }: CycleKey,
): Promise<{ policy?: LeadershipPolicy }> {
  const bloc = (await streams.load(blocStream(blocId), blocDecider)).state;
  // The opening copied the policy in force then: only a regulation for the year itself, adopted
  // since, replaces it (regulationOfYear).
  const policy = bloc === null ? undefined : regulationOfYear(bloc.regulations, year);
  return policy === undefined ? {} : { policy };
}
