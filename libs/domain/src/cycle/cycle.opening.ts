/**
 * Opening a bloc-year's cycle: the board opens it with a checked framework (and its size
 * limits), the bloc's members and the policy in force for the year, and the leader and deputy that last year's elections
 * named, or that the board gives for a bloc's first year.
 */
import { requireBoard } from '../authorization.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, Framework } from '../events.js';
import { toHundredths } from '../points.js';
import { policyInForce } from '../regulation.js';
import type { FrameworkInput, OpenCycle } from './cycle.commands.js';
import { type CycleDeciderState } from './cycle.state.js';

export function openCycle(command: OpenCycle, state: CycleDeciderState): readonly CycleEvent[] {
  requireBoard(command.metadata.actor, 'open a cycle');
  const { blocId, year } = command.data;
  const { bloc, previous, leadershipHistory } = command.context;
  if (state !== null) {
    throw new DomainError('ALREADY_EXISTS', `Bloc ${blocId} already has a ${year} cycle`, { year });
  }
  if (bloc === null) throw new DomainError('NOT_FOUND', `No bloc ${blocId}`, { blocId });
  const framework = checkedFramework(command.data.framework);

  // The previous year's elections name this year's leader and deputy; the command's are only
  // needed where no election result exists (a bloc's first year here) or the elected unit has
  // since left the bloc.
  const electedFor = (role: 'leader' | 'deputy'): string | undefined => {
    const result = previous !== null && previous.year === year - 1 ? previous.elected[role] : null;
    return result !== null && bloc.members.some((m) => m.unitId === result.unitId)
      ? result.unitId
      : undefined;
  };
  const leader = electedFor('leader') ?? command.data.leader;
  const deputy = electedFor('deputy') ?? command.data.deputy;
  if (leader === undefined || deputy === undefined) {
    throw new DomainError(
      'LEADERSHIP_REQUIRED',
      `No election names the ${year} leader and deputy: give them`,
      {
        missing: [...(leader === undefined ? ['leader'] : []), ...(deputy === undefined ? ['deputy'] : [])],
      },
    );
  }
  for (const unitId of [leader, deputy]) {
    if (!bloc.members.some((m) => m.unitId === unitId)) {
      throw new DomainError('NOT_A_MEMBER', `${unitId} is not a member of bloc ${blocId}`, { unitId });
    }
  }
  if (leader === deputy) {
    throw new DomainError('LEADER_IS_DEPUTY', `${leader} cannot be both leader and deputy`);
  }

  return [
    {
      type: 'CycleOpened',
      data: {
        blocId,
        year,
        framework,
        members: bloc.members,
        leader,
        deputy,
        policy: policyInForce(bloc.policy, bloc.regulations, year),
        leadershipHistory: leadershipHistory.filter((t) => t.year < year).toSorted((a, b) => a.year - b.year),
      },
    },
  ];
}

/**
 * Size limits of a framework (API.md): real ones have 3–5 contents and a few dozen criteria;
 * every award, finalize and standings walks all of them.
 */
export const MAX_FRAMEWORK_CONTENTS = 20;
export const MAX_FRAMEWORK_CRITERIA = 200;

function checkedFramework(input: FrameworkInput): Framework {
  const invalid = (message: string): never => {
    throw new DomainError('INVALID_FRAMEWORK', message);
  };
  if (input.contents.length === 0) invalid('A framework needs at least one content');
  if (input.contents.length > MAX_FRAMEWORK_CONTENTS) {
    invalid(`A framework has at most ${MAX_FRAMEWORK_CONTENTS} contents, not ${input.contents.length}`);
  }
  const criteria = input.contents.reduce((sum, content) => sum + content.criteria.length, 0);
  if (criteria > MAX_FRAMEWORK_CRITERIA) {
    invalid(`A framework has at most ${MAX_FRAMEWORK_CRITERIA} criteria, not ${criteria}`);
  }
  const contentCodes = new Set<string>();
  const criterionCodes = new Set<string>();
  for (const content of input.contents) {
    if (contentCodes.has(content.code)) invalid(`Content ${content.code} appears twice`);
    contentCodes.add(content.code);
    if (content.criteria.length === 0) invalid(`Content ${content.code} has no criteria`);
    for (const criterion of content.criteria) {
      if (criterionCodes.has(criterion.code)) invalid(`Criterion ${criterion.code} appears twice`);
      criterionCodes.add(criterion.code);
      if (!(criterion.maxPoints > 0) || !hasTwoDecimalsAtMost(criterion.maxPoints)) {
        invalid(`Criterion ${criterion.code}: maxPoints must be positive with at most two decimals`);
      }
    }
  }
  return {
    contents: input.contents.map((content) => ({
      code: content.code,
      title: content.title,
      criteria: content.criteria.map(({ code, title, maxPoints, kind }) => ({
        code,
        title,
        maxPoints,
        kind: kind ?? 'standard',
      })),
    })),
  };
}

function hasTwoDecimalsAtMost(points: number): boolean {
  try {
    toHundredths(points);
    return true;
  } catch {
    return false;
  }
}
