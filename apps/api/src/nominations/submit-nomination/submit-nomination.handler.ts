/**
 * Decides a nomination's submission through nominationDecider, against the facts of the
 * bloc-year it brings from other streams (the cycle, its units' reports for the ranking, the
 * bloc's province, the bloc-year's flag nomination) and the unit's nominations by every bloc
 * (the log's NominationSubmitted events), and appends it to the nomination's own stream where
 * none exists yet. A second submission of the unit for the award and year in the same bloc
 * finds the stream and is refused; one in another bloc (a unit can be in two blocs' cycles of
 * one year) finds the first among the unit's nominations and is refused too.
 *
 * The second check reads one stream and appends to another, which no expected revision covers,
 * so submissions of one unit for one award and year take turns in an exclusive section,
 * `nomination:{year}:{award}:{unitId}`, held from the read of the unit's nominations until the
 * append is durable: each reads the log after the one before it was appended, and two blocs
 * submitting the unit at once get one NominationSubmitted and one ALREADY_EXISTS. On the
 * server stores the section is a PostgreSQL advisory lock (EXCLUSIVE_SECTIONS, see
 * exclusive-sections.module.ts), so this holds across every API process of the deployment;
 * on the embedded store, whose API is one process, it is taken in the process.
 */

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  blocDecider,
  blocStream,
  type CycleState,
  cycleDecider,
  cycleStream,
  type NominatingCycle,
  nominationDecider,
  nominationIdOf,
  nominationStream,
  standingsOf,
  unitCycleDecider,
  unitCycleStream,
  type UnitNomination,
} from '@app/domain';
import { EXCLUSIVE_SECTIONS, type ExclusiveSections } from '@app/runtime';
import type { CycleKey } from '../../cycles/cycle-key.js';
import { commandMetadata } from '../../write/command-origin.js';
import { type DecisionContext, EventStreams } from '../../write/event-streams.js';
import type { NominationAccepted } from './nomination-accepted.js';
import { SubmitNominationCommand } from './submit-nomination.command.js';

@CommandHandler(SubmitNominationCommand)
export class SubmitNominationHandler implements ICommandHandler<SubmitNominationCommand> {
  constructor(
    private readonly streams: EventStreams,
    /** Where submissions of one unit for one award and year, whichever bloc's, take turns. */
    @Inject(EXCLUSIVE_SECTIONS) private readonly sections: ExclusiveSections,
  ) {}

  async execute({ cycle, data, origin }: SubmitNominationCommand): Promise<NominationAccepted> {
    const nominationId = nominationIdOf(cycle.blocId, cycle.year, data.award, data.unitId);
    const section = `nomination:${cycle.year}:${data.award}:${data.unitId}`;
    // Counted among the running commands while it waits for the section, so that a shutdown
    // lets it finish.
    const accepted = await this.streams.whileRunning(() =>
      this.sections.run(section, () =>
        this.streams.decideAndAppend(
          nominationStream(nominationId),
          nominationDecider,
          async (state, streams) =>
            nominationDecider.decide(
              {
                type: 'SubmitNomination',
                data,
                metadata: commandMetadata(origin),
                context: {
                  cycle: await this.nominatingCycle(cycle, streams),
                  unitNominations: await this.nominationsOf(data.unitId),
                },
              },
              state,
            ),
          origin,
        ),
      ),
    );
    return { ...accepted, nominationId };
  }

  /**
   * Every nomination of the unit submitted so far, by any bloc, read from the log as it is now
   * (not a cached fold: a submission in another bloc writes to no stream this one reads).
   */
  private async nominationsOf(unitId: string): Promise<UnitNomination[]> {
    const submitted = await this.streams.find({ types: ['NominationSubmitted'] });
    return submitted.flatMap((event) =>
      event.type === 'NominationSubmitted' && event.data.unitId === unitId
        ? [
            {
              nominationId: event.data.nominationId,
              blocId: event.data.blocId,
              year: event.data.year,
              award: event.data.award,
            },
          ]
        : [],
    );
  }

  /** The bloc-year's facts a nomination is decided against; null for a cycle never opened. */
  private async nominatingCycle(
    { blocId, year }: CycleKey,
    streams: DecisionContext,
  ): Promise<NominatingCycle | null> {
    const { state: cycle } = await streams.load(cycleStream(blocId, year), cycleDecider);
    if (cycle === null) return null;
    const { state: bloc } = await streams.load(blocStream(blocId), blocDecider);
    const final = cycle.phase === 'finalized' || cycle.phase === 'closed';
    return {
      blocId,
      year,
      province: bloc?.province ?? '',
      phase: cycle.phase,
      leader: cycle.leader,
      deputy: cycle.deputy,
      members: cycle.members,
      leadingUnit: cycle.leadingUnit,
      ranking: final
        ? standingsOf(cycle, await this.unitsOf(cycle, streams)).map(({ unitId, rank }) => ({ unitId, rank }))
        : [],
      flagNominee: await this.flagNominee(cycle, streams),
    };
  }

  /** Every member's reports: the indicator tie-break ranks units by indicators exceeded. */
  private async unitsOf(cycle: CycleState, streams: DecisionContext) {
    const loaded = await Promise.all(
      cycle.members.map(async ({ unitId }) => {
        const unit = await streams.load(unitCycleStream(cycle.blocId, cycle.year, unitId), unitCycleDecider);
        return [unitId, unit.state] as const;
      }),
    );
    return Object.fromEntries(loaded);
  }

  /**
   * The unit the bloc-year's flag is proposed for. Only the leading unit (one per cycle, never
   * changed) can be, so its flag nomination's stream is the only one to look at.
   */
  private async flagNominee(cycle: CycleState, streams: DecisionContext): Promise<string | null> {
    if (cycle.leadingUnit === null) return null;
    const flag = nominationIdOf(cycle.blocId, cycle.year, 'emulation-flag', cycle.leadingUnit);
    const { state } = await streams.load(nominationStream(flag), nominationDecider);
    return state?.unitId ?? null;
  }
}
