/**
 * The reference case as a script of HTTP commands: who sends which body to which route, in the
 * order the bloc lived its year, and the player that sends them once each. The demo plays it
 * against DATA_DIR; the end-to-end specs play it against their own application.
 */
import type { Actor } from '@app/domain';
import { boardOfficer, officerOf, type ReferenceCase } from '@app/domain/testing';

/** What the steps sent so far answered, by step name (a roll-call vote's answer names its id). */
export type Answers = ReadonlyMap<string, unknown>;

/** One command of the reference case: who sends which body to which path (under /api). */
export interface Step {
  /** Unique within the case; with the bloc and year it makes the command's Idempotency-Key. */
  readonly name: string;
  readonly principal: Actor;
  /** The path, or how to make it from earlier answers (a ballot goes to its vote's path). */
  readonly path: string | ((answers: Answers) => string);
  /** The body; a function of earlier answers (`StepBody`) makes it from them. */
  readonly body: unknown;
}

/** A body made from earlier answers: an honour or election by the vote an earlier step opened. */
export class StepBody {
  constructor(readonly make: (answers: Answers) => unknown) {}
}

/**
 * The reference case's year as commands, each by the principal the cycle assigns it to: the
 * board registers the bloc and opens the year; the leader's officer sets targets, opens the
 * review, scores, finalizes, honours and holds the elections, except that nobody decides about
 * their own unit (the leader's targets and points come from the deputy); every unit signs and
 * reports for itself.
 */
export function referenceCaseSteps(
  reference: ReferenceCase,
  { votes = false }: { votes?: boolean } = {},
): Step[] {
  const { bloc, cycle } = reference;
  const cyclePath = `/blocs/${bloc.id}/cycles/${cycle.year}`;
  const leader = officerOf(cycle.leader);
  const deputy = officerOf(cycle.deputy);
  return [
    {
      name: 'register',
      principal: boardOfficer,
      path: '/blocs',
      body: { id: bloc.id, name: bloc.name, province: bloc.province, members: bloc.members },
    },
    {
      name: 'open',
      principal: boardOfficer,
      path: `/blocs/${bloc.id}/cycles`,
      body: { year: cycle.year, framework: cycle.framework, leader: cycle.leader, deputy: cycle.deputy },
    },
    ...reference.targets.map((target) => ({
      name: `target:${target.unitId}:${target.code}`,
      principal: target.unitId === cycle.leader ? deputy : leader,
      path: `${cyclePath}/targets`,
      body: target,
    })),
    ...reference.signatures.map((signature) => ({
      name: `sign:${signature.unitId}`,
      principal: officerOf(signature.unitId),
      path: `${cyclePath}/signatures`,
      body: signature,
    })),
    ...reference.reports.map((report) => ({
      name: `report:${report.unitId}:${report.indicator}:${report.period}`,
      principal: officerOf(report.unitId),
      path: `${cyclePath}/reports`,
      body: report,
    })),
    { name: 'review', principal: leader, path: `${cyclePath}/review`, body: reference.review },
    ...reference.scores.map((score) => ({
      name: `score:${score.unitId}:${score.criterion}`,
      principal: score.unitId === cycle.leader ? deputy : leader,
      path: `${cyclePath}/scores`,
      body: score,
    })),
    { name: 'finalize', principal: leader, path: `${cyclePath}/scoring/finalize`, body: {} },
    ...(votes ? decisionsByRollCall(reference, cyclePath) : decisionsByTally(reference, cyclePath)),
  ];
}

/** The honour and the elections with the tallies of the paper ballots, as the fixture gives them. */
function decisionsByTally(reference: ReferenceCase, cyclePath: string): Step[] {
  const leader = officerOf(reference.cycle.leader);
  return [
    {
      name: 'honour',
      principal: leader,
      path: `${cyclePath}/leading-unit`,
      body: { unitId: reference.leadingUnit },
    },
    ...reference.elections.map(({ role, unitId, votes }) => ({
      name: `elect:${role}`,
      principal: leader,
      path: `${cyclePath}/elections`,
      body: { role, unitId, votes },
    })),
  ];
}

/**
 * The honour and the elections decided by roll-call votes (`npm run demo -- --votes`): the
 * leader opens each vote (the deputy where the candidate is the leader's own unit), every
 * member unit casts its own ballot for, as the minutes' unanimous tallies record, the vote is
 * closed, and the decision is recorded by the vote's id.
 */
function decisionsByRollCall(reference: ReferenceCase, cyclePath: string): Step[] {
  const { cycle, bloc } = reference;
  const decidingAbout = (unitId: string) => officerOf(unitId === cycle.leader ? cycle.deputy : cycle.leader);
  const voteIdOf = (answers: Answers, name: string): string => {
    const answer = answers.get(`${name}:open`) as { voteId?: unknown } | undefined;
    if (typeof answer?.voteId !== 'string') throw new Error(`step ${name}:open answered no voteId`);
    return answer.voteId;
  };
  const rollCall = (
    name: string,
    subject: string,
    candidate: string,
    decision: Omit<Step, 'name'>,
  ): Step[] => [
    {
      name: `${name}:open`,
      principal: decidingAbout(candidate),
      path: `${cyclePath}/votes`,
      body: { subject, candidate },
    },
    ...bloc.members.map(({ unitId }) => ({
      name: `${name}:ballot:${unitId}`,
      principal: officerOf(unitId),
      path: (answers: Answers) => `${cyclePath}/votes/${voteIdOf(answers, name)}/ballots`,
      body: { unitId, choice: 'for' },
    })),
    {
      name: `${name}:close`,
      principal: decidingAbout(candidate),
      path: (answers: Answers) => `${cyclePath}/votes/${voteIdOf(answers, name)}/close`,
      body: {},
    },
    { name, ...decision },
  ];
  return [
    ...rollCall('honour', 'leading-unit', reference.leadingUnit, {
      principal: decidingAbout(reference.leadingUnit),
      path: `${cyclePath}/leading-unit`,
      body: new StepBody((answers) => ({
        unitId: reference.leadingUnit,
        voteId: voteIdOf(answers, 'honour'),
      })),
    }),
    ...reference.elections.flatMap(({ role, unitId }) =>
      rollCall(`elect:${role}`, role, unitId, {
        principal: decidingAbout(unitId),
        path: `${cyclePath}/elections`,
        body: new StepBody((answers) => ({ role, unitId, voteId: voteIdOf(answers, `elect:${role}`) })),
      }),
    ),
  ];
}

/**
 * Sends one command as `principal` with `idempotencyKey`; resolves whether the answer was a
 * replay of an earlier run (and the answer, where the sender reads it), rejects on any refusal.
 */
export type SendCommand = (
  principal: Actor,
  path: string,
  body: unknown,
  idempotencyKey: string,
) => Promise<{ replayed: boolean; answer?: unknown }>;

/** Sends the steps in order, each under its own Idempotency-Key, so that playing twice writes once. */
export async function playSteps(
  reference: ReferenceCase,
  steps: readonly Step[],
  send: SendCommand,
): Promise<{ written: number; replayed: number }> {
  const counts = { written: 0, replayed: 0 };
  const answers = new Map<string, unknown>();
  for (const { name, principal, path, body } of steps) {
    const { replayed, answer } = await send(
      principal,
      typeof path === 'string' ? path : path(answers),
      body instanceof StepBody ? body.make(answers) : body,
      `reference-case:${reference.bloc.id}:${reference.cycle.year}:${name}`,
    );
    answers.set(name, answer);
    counts[replayed ? 'replayed' : 'written'] += 1;
  }
  return counts;
}
