/**
 * The reference case as a script of HTTP commands: who sends which body to which route, in the
 * order the bloc lived its year, and the player that sends them once each. The demo plays it
 * against DATA_DIR; the end-to-end specs play it against their own application.
 */
import type { Actor } from '@app/domain';
import { boardOfficer, officerOf, type ReferenceCase } from '@app/domain/testing';

/** One command of the reference case: who sends which body to which path (under /api). */
export interface Step {
  /** Unique within the case; with the bloc and year it makes the command's Idempotency-Key. */
  readonly name: string;
  readonly principal: Actor;
  readonly path: string;
  readonly body: unknown;
}

/**
 * The reference case's year as commands, each by the principal the cycle assigns it to: the
 * board registers the bloc and opens the year; the leader's officer sets targets, opens the
 * review, scores, finalizes, honours and holds the elections, except that nobody decides about
 * their own unit (the leader's targets and points come from the deputy); every unit signs and
 * reports for itself.
 */
export function referenceCaseSteps(reference: ReferenceCase): Step[] {
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
 * Sends one command as `principal` with `idempotencyKey`; resolves whether the answer was a
 * replay of an earlier run, rejects on any refusal.
 */
export type SendCommand = (
  principal: Actor,
  path: string,
  body: unknown,
  idempotencyKey: string,
) => Promise<{ replayed: boolean }>;

/** Sends the steps in order, each under its own Idempotency-Key, so that playing twice writes once. */
export async function playSteps(
  reference: ReferenceCase,
  steps: readonly Step[],
  send: SendCommand,
): Promise<{ written: number; replayed: number }> {
  const counts = { written: 0, replayed: 0 };
  for (const { name, principal, path, body } of steps) {
    const { replayed } = await send(
      principal,
      path,
      body,
      `reference-case:${reference.bloc.id}:${reference.cycle.year}:${name}`,
    );
    counts[replayed ? 'replayed' : 'written'] += 1;
  }
  return counts;
}
