/**
 * The reference case (Kiên Giang, bloc 4, 2017) as the log would hold it, for specs only:
 * domain events in recorded order with their streams, and a helper appending them to a store.
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_LEADERSHIP_POLICY,
  EVENT_SCHEMA_VERSIONS,
  blocStream,
  cycleStream,
  unitCycleStream,
  type DomainEvent,
} from '@app/domain';
import { boardOfficer, explicitFramework, readReferenceCase } from '@app/domain/testing';
import type { Actor, EventStore } from '@app/event-store';

export const referenceCase = readReferenceCase();
export const referenceFramework = explicitFramework(referenceCase.cycle.framework);

/** A domain event with the stream it is appended to. */
export interface LoggedEvent {
  readonly streamId: string;
  readonly event: DomainEvent;
}

export type ReferenceStage =
  'registered' | 'opened' | 'signed' | 'reported' | 'scored' | 'finalized' | 'closed';

/**
 * The reference case's events in recorded order, up to and including `until`; `blocId`
 * replays the same year for another bloc.
 */
export function referenceLog(
  until: ReferenceStage = 'closed',
  blocId = referenceCase.bloc.id,
): LoggedEvent[] {
  const { bloc, cycle } = referenceCase;
  const year = cycle.year;
  const log: LoggedEvent[] = [];
  const onBloc = (event: DomainEvent): void => void log.push({ streamId: blocStream(blocId), event });
  const onCycle = (event: DomainEvent): void => void log.push({ streamId: cycleStream(blocId, year), event });
  const onUnit = (unitId: string, event: DomainEvent): void =>
    void log.push({ streamId: unitCycleStream(blocId, year, unitId), event });
  const reached = (stage: ReferenceStage): boolean => stage === until;

  onBloc({
    type: 'BlocRegistered',
    data: {
      blocId,
      name: bloc.name,
      province: bloc.province,
      members: bloc.members,
      policy: DEFAULT_LEADERSHIP_POLICY,
    },
  });
  if (reached('registered')) return log;
  onCycle({
    type: 'CycleOpened',
    data: {
      blocId,
      year,
      framework: referenceFramework,
      members: bloc.members,
      leader: cycle.leader,
      deputy: cycle.deputy,
      policy: DEFAULT_LEADERSHIP_POLICY,
      leadershipHistory: [],
    },
  });
  for (const target of referenceCase.targets)
    onCycle({ type: 'IndicatorTargetSet', data: { blocId, year, ...target } });
  if (reached('opened')) return log;
  for (const { unitId, signatory } of referenceCase.signatures) {
    onCycle({ type: 'PactSigned', data: { blocId, year, unitId, signatory } });
  }
  onCycle({ type: 'PactInForce', data: { blocId, year } });
  if (reached('signed')) return log;
  for (const report of referenceCase.reports)
    onUnit(report.unitId, { type: 'IndicatorReported', data: { blocId, year, ...report } });
  if (reached('reported')) return log;
  onCycle({ type: 'ReviewOpened', data: { blocId, year, ...referenceCase.review } });
  for (const score of referenceCase.scores)
    onCycle({ type: 'ScoreAwarded', data: { blocId, year, ...score } });
  if (reached('scored')) return log;
  onCycle({ type: 'ScoringFinalized', data: { blocId, year } });
  onCycle({ type: 'LeadingUnitHonored', data: { blocId, year, unitId: referenceCase.leadingUnit } });
  if (reached('finalized')) return log;
  for (const election of referenceCase.elections) {
    const data = { blocId, year, forYear: election.forYear, unitId: election.unitId, votes: election.votes };
    onCycle(election.role === 'leader' ? { type: 'LeaderElected', data } : { type: 'DeputyElected', data });
  }
  onCycle({ type: 'CycleClosed', data: { blocId, year } });
  return log;
}

/** Appends logged events one by one, as the command handlers would. Returns the last position. */
export async function appendLog(
  store: EventStore,
  log: readonly LoggedEvent[],
  actor: Actor = boardOfficer,
): Promise<number> {
  let position = 0;
  for (const { streamId, event } of log) {
    const correlationId = randomUUID();
    ({ position } = await store.append(
      streamId,
      [
        {
          id: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: {
            actor,
            correlationId,
            causationId: correlationId,
            schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
          },
        },
      ],
      { expectedRevision: 'any' },
    ));
  }
  return position;
}
