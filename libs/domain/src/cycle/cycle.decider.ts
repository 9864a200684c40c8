/**
 * One bloc-year's cycle: opening, pact, review, scoring, honouring, elections, closing.
 * Phases run signing → in_force → review → finalized → closed; a command outside its phase
 * is refused with WRONG_PHASE.
 */
import { forbidOwnUnit, requireBlocLeadership, requireBoard, requireUnitOfficer } from '../authorization.js';
import { type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent, Framework, Votes } from '../events.js';
import { criterionOf, requirePointsInRange } from '../framework.js';
import { checkLeaderEligibility } from '../leadership.js';
import { toHundredths } from '../points.js';
import { unitsTiedAtTop } from '../standings.js';
import type {
  AwardScore,
  CloseCycle,
  CycleCommand,
  Elect,
  FinalizeScoring,
  FrameworkInput,
  HonorLeadingUnit,
  OpenCycle,
  OpenReview,
  SetIndicatorTarget,
  SignPact,
} from './cycle.commands.js';
import { standingsOf } from './cycle.standings.js';
import {
  type CycleDeciderState,
  type CycleState,
  evolveCycle,
  hasSigned,
  leadershipHistoryAfter,
  pointsInForce,
  requireMember,
  requirePhase,
} from './cycle.state.js';

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleDeciderState> = {
  initialState: () => null,
  evolve: evolveCycle,
  decide,
};

function decide(command: CycleCommand, state: CycleDeciderState): readonly CycleEvent[] {
  if (command.type === 'OpenCycle') return openCycle(command, state);
  if (state === null) throw new DomainError('NOT_FOUND', 'No such cycle: it has not been opened');
  switch (command.type) {
    case 'SetIndicatorTarget':
      return setIndicatorTarget(command, state);
    case 'SignPact':
      return signPact(command, state);
    case 'OpenReview':
      return openReview(command, state);
    case 'AwardScore':
      return awardScore(command, state);
    case 'FinalizeScoring':
      return finalizeScoring(command, state);
    case 'HonorLeadingUnit':
      return honorLeadingUnit(command, state);
    case 'Elect':
      return elect(command, state);
    case 'CloseCycle':
      return closeCycle(command, state);
    default:
      return unreachable(command);
  }
}

// --- opening -------------------------------------------------------------------------------

function openCycle(command: OpenCycle, state: CycleDeciderState): readonly CycleEvent[] {
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
        policy: bloc.policy,
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

// --- the pact ------------------------------------------------------------------------------

function setIndicatorTarget(command: SetIndicatorTarget, state: CycleState): readonly CycleEvent[] {
  const { actor } = command.metadata;
  const { unitId, criterion } = command.data;
  requireBlocLeadership(actor, state, 'set indicator targets');
  forbidOwnUnit(actor, unitId, 'set the targets of');
  // Targets are part of the pact: frozen once it is in force.
  requirePhase(state, ['signing'], 'set indicator targets');
  requireMember(state, unitId);
  // A unit signs its own targets: once it has, they are part of what it agreed to.
  if (hasSigned(state, unitId)) {
    throw new DomainError(
      'ALREADY_SIGNED',
      `${unitId} has signed the ${state.year} pact: its targets are frozen`,
      {
        unitId,
      },
    );
  }
  criterionOf(state.framework, criterion);
  const { code, title, measure, direction, target } = command.data;
  // The achievement ratio divides by the target (actual/target when higher is better): a
  // target of 0 or less would make any report "exceed" it.
  if (!Number.isFinite(target) || target <= 0) {
    throw new DomainError('INVALID_TARGET', `A target is a positive number, not ${target}`, { target });
  }
  return [
    {
      type: 'IndicatorTargetSet',
      data: {
        blocId: state.blocId,
        year: state.year,
        unitId,
        code,
        title,
        criterion,
        measure,
        direction,
        target,
      },
    },
  ];
}

function signPact(command: SignPact, state: CycleState): readonly CycleEvent[] {
  const { unitId, signatory } = command.data;
  requireUnitOfficer(command.metadata.actor, unitId, `sign the pact for ${unitId}`);
  requirePhase(state, ['signing'], 'sign the pact');
  requireMember(state, unitId);
  if (hasSigned(state, unitId)) {
    throw new DomainError('ALREADY_SIGNED', `${unitId} has already signed the ${state.year} pact`, {
      unitId,
    });
  }
  const { blocId, year } = state;
  const signed: CycleEvent = {
    type: 'PactSigned',
    data: {
      blocId,
      year,
      unitId,
      signatory: {
        title: signatory.title,
        ...(signatory.name === undefined ? {} : { name: signatory.name }),
      },
    },
  };
  const allSigned = state.members.every((m) => m.unitId === unitId || hasSigned(state, m.unitId));
  return allSigned ? [signed, { type: 'PactInForce', data: { blocId, year } }] : [signed];
}

// --- review and scoring --------------------------------------------------------------------

function openReview(command: OpenReview, state: CycleState): readonly CycleEvent[] {
  requireBlocLeadership(command.metadata.actor, state, 'open the review');
  requirePhase(state, ['in_force'], 'open the review');
  const { meetingDate, venue } = command.data;
  return [
    {
      type: 'ReviewOpened',
      data: {
        blocId: state.blocId,
        year: state.year,
        meetingDate,
        ...(venue === undefined ? {} : { venue }),
      },
    },
  ];
}

function awardScore(command: AwardScore, state: CycleState): readonly CycleEvent[] {
  const { unitId, criterion: code, points } = command.data;
  const { actor, reason } = command.metadata;
  requireBlocLeadership(actor, state, 'award points');
  forbidOwnUnit(actor, unitId, 'award or revise the points of');
  requirePhase(state, ['review'], 'award points');
  requireMember(state, unitId);
  requirePointsInRange(criterionOf(state.framework, code), points);
  const previousPoints = pointsInForce(state, unitId, code);
  if (previousPoints !== undefined && !reason?.trim()) {
    throw new DomainError('REASON_REQUIRED', `Revising ${unitId}'s points for ${code} needs a reason`, {
      unitId,
      criterion: code,
      previousPoints,
    });
  }
  return [
    {
      type: 'ScoreAwarded',
      data: {
        blocId: state.blocId,
        year: state.year,
        unitId,
        criterion: code,
        points,
        ...(previousPoints === undefined ? {} : { previousPoints }),
      },
    },
  ];
}

function finalizeScoring(command: FinalizeScoring, state: CycleState): readonly CycleEvent[] {
  requireBlocLeadership(command.metadata.actor, state, 'finalize the scoring');
  requirePhase(state, ['review'], 'finalize the scoring');
  const standard = state.framework.contents.flatMap((c) => c.criteria).filter((c) => c.kind === 'standard');
  const missing = state.members.flatMap((m) =>
    standard
      .filter((c) => pointsInForce(state, m.unitId, c.code) === undefined)
      .map((c) => ({ unitId: m.unitId, criterion: c.code })),
  );
  if (missing.length > 0) {
    throw new DomainError('SCORING_INCOMPLETE', `${missing.length} standard criteria still have no points`, {
      missing,
    });
  }
  return [{ type: 'ScoringFinalized', data: { blocId: state.blocId, year: state.year } }];
}

// --- honouring, elections, closing ---------------------------------------------------------

function honorLeadingUnit(command: HonorLeadingUnit, state: CycleState): readonly CycleEvent[] {
  const { unitId, votes } = command.data;
  requireBlocLeadership(command.metadata.actor, state, 'honour the leading unit');
  forbidOwnUnit(command.metadata.actor, unitId, 'honour');
  requirePhase(state, ['finalized'], 'honour the leading unit');
  if (state.leadingUnit !== null) {
    throw new DomainError('ALREADY_EXISTS', `${state.leadingUnit} is already honoured as the leading unit`);
  }
  requireMember(state, unitId);
  if (votes !== undefined) requireValidVotes(state, votes);
  const top = unitsTiedAtTop(standingsOf(state, command.context.units));
  if (!top.includes(unitId)) {
    throw new DomainError('NOT_TOP_RANKED', `${unitId} is not ranked first: ${top.join(', ')} is`, {
      rankedFirst: top,
    });
  }
  // Where units still tie for rank 1, the bloc's vote decides; a vote given must pass anyway.
  if (votes === undefined && top.length > 1) {
    throw new DomainError(
      'ELECTION_NOT_PASSED',
      `${top.join(', ')} tie for rank 1: the bloc's vote decides`,
      {
        rankedFirst: top,
      },
    );
  }
  if (votes !== undefined) requireMajority(state, votes, `honouring ${unitId}`);
  return [
    {
      type: 'LeadingUnitHonored',
      data: {
        blocId: state.blocId,
        year: state.year,
        unitId,
        ...(votes === undefined ? {} : { votes: tally(votes) }),
      },
    },
  ];
}

function elect(command: Elect, state: CycleState): readonly CycleEvent[] {
  const { role, unitId, votes } = command.data;
  requireBlocLeadership(command.metadata.actor, state, `elect next year's ${role}`);
  forbidOwnUnit(command.metadata.actor, unitId, `record the election as ${role} of`);
  // Elections are held at the review, after the scoring is finalized.
  requirePhase(state, ['finalized'], `elect next year's ${role}`);
  requireMember(state, unitId);
  const elected = state.elected[role];
  if (elected !== null) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `${elected.unitId} is already elected ${role} for ${state.year + 1}`,
      {
        role,
        unitId: elected.unitId,
      },
    );
  }
  requireValidVotes(state, votes);
  requireMajority(state, votes, `electing ${unitId} ${role}`);
  const other = state.elected[role === 'leader' ? 'deputy' : 'leader'];
  if (other?.unitId === unitId) {
    throw new DomainError(
      'LEADER_IS_DEPUTY',
      `${unitId} is already elected ${role === 'leader' ? 'deputy' : 'leader'}`,
    );
  }
  if (role === 'leader') {
    checkLeaderEligibility({
      members: state.members,
      candidate: unitId,
      currentLeader: state.leader,
      history: leadershipHistoryAfter(state),
      policy: state.policy,
    });
  }
  const data = {
    blocId: state.blocId,
    year: state.year,
    forYear: state.year + 1,
    unitId,
    votes: tally(votes),
  };
  return [role === 'leader' ? { type: 'LeaderElected', data } : { type: 'DeputyElected', data }];
}

function closeCycle(command: CloseCycle, state: CycleState): readonly CycleEvent[] {
  requireBlocLeadership(command.metadata.actor, state, 'close the cycle');
  requirePhase(state, ['finalized'], 'close the cycle');
  const missing = [
    ...(state.leadingUnit === null ? ['leadingUnit'] : []),
    ...(state.elected.leader === null ? ['leaderElection'] : []),
    ...(state.elected.deputy === null ? ['deputyElection'] : []),
  ];
  if (missing.length > 0) {
    throw new DomainError(
      'WRONG_PHASE',
      `The ${state.year} cycle cannot close before ${missing.join(', ')}`,
      {
        phase: state.phase,
        missing,
      },
    );
  }
  return [{ type: 'CycleClosed', data: { blocId: state.blocId, year: state.year } }];
}

// --- shared rules --------------------------------------------------------------------------

function requireValidVotes(state: CycleState, votes: Votes): void {
  const counts = [votes.for, votes.against, votes.abstain];
  if (counts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new DomainError('INVALID_VOTES', 'Vote counts are whole numbers, 0 or more', { votes });
  }
  if (votes.for + votes.against + votes.abstain > state.members.length) {
    throw new DomainError('INVALID_VOTES', `More votes than the cycle's ${state.members.length} members`, {
      votes,
    });
  }
}

/** The tally as plain data: the command's object may carry more than the three counts. */
function tally({ for: votesFor, against, abstain }: Votes): Votes {
  return { for: votesFor, against, abstain };
}

/** A vote passes with votes for from more than half of the cycle's members. */
function requireMajority(state: CycleState, votes: Votes, what: string): void {
  if (votes.for * 2 <= state.members.length) {
    throw new DomainError(
      'ELECTION_NOT_PASSED',
      `${what} needs more than half of ${state.members.length} members for, got ${votes.for}`,
      { votes, members: state.members.length },
    );
  }
}
