/**
 * The decider of one bloc-year's cycle: routes each command to its decision, and decides the
 * pact (targets, signatures), the review and the scoring itself. Opening is in
 * `cycle.opening.ts`, honouring, elections and closing in `cycle.year-end.ts`. Phases run
 * signing → in_force → review → finalized → closed; a command outside its phase is refused
 * with WRONG_PHASE.
 */
import { forbidOwnUnit, requireBlocLeadership, requireUnitOfficer } from '../authorization.js';
import { type Decider, unreachable } from '../decider.js';
import { DomainError } from '../domain.error.js';
import type { CycleEvent } from '../events.js';
import { criterionOf, requirePointsInRange } from '../framework.js';
import type {
  AwardScore,
  CycleCommand,
  FinalizeScoring,
  OpenReview,
  SetIndicatorTarget,
  SignPact,
} from './cycle.commands.js';
import {
  type CycleDeciderState,
  type CycleState,
  evolveCycle,
  hasSigned,
  pointsInForce,
  policyApplied,
  requireMember,
  requirePhase,
} from './cycle.state.js';
import { openCycle } from './cycle.opening.js';
import { closeCycle, elect, honorLeadingUnit } from './cycle.year-end.js';
import { lateness, setDeadline, trackDeadlines } from './cycle.deadlines.js';
import { issueDocument } from './cycle.documents.js';
import { castBallot, closeVote, openVote } from './cycle.votes.js';

export { MAX_FRAMEWORK_CONTENTS, MAX_FRAMEWORK_CRITERIA } from './cycle.opening.js';

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
    case 'SetDeadline':
      return setDeadline(command, state);
    case 'TrackDeadlines':
      return trackDeadlines(command, state);
    case 'IssueDocument':
      return issueDocument(command, state);
    case 'OpenVote':
      return openVote(command, state);
    case 'CastBallot':
      return castBallot(command, state);
    case 'CloseVote':
      return closeVote(command, state);
    default:
      return unreachable(command);
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
      ...lateness(state.deadlines, 'signing', null, command.metadata.at),
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
        ...lateness(state.deadlines, 'review', null, command.metadata.at),
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
  // The rules the year is finalized under, recorded with it: a regulation adopted meanwhile on the
  // bloc's stream (decided on the cycle as it was before this event) never reaches the year.
  const { policy } = policyApplied(state, command.context);
  return [{ type: 'ScoringFinalized', data: { blocId: state.blocId, year: state.year, policy } }];
}
