/**
 * Decides honouring the rank-1 unit through cycleDecider, with every member's indicator reports
 * as the tie-break context and the year's regulation, and appends it to the cycle stream.
 */

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type CycleState,
  cycleDecider,
  cycleStream,
  type HonorLeadingUnit,
  unitCycleDecider,
  unitCycleStream,
} from '@app/domain';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { type DecisionContext, EventStreams } from '../../write/event-streams.js';
import { policyContext } from '../policy-in-force.js';
import { HonorLeadingUnitCommand } from './honor-leading-unit.command.js';

@CommandHandler(HonorLeadingUnitCommand)
export class HonorLeadingUnitHandler implements ICommandHandler<HonorLeadingUnitCommand> {
  constructor(private readonly streams: EventStreams) {}

  execute({ cycle, data, origin }: HonorLeadingUnitCommand): Promise<CommandAccepted> {
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      async (state, streams) => {
        const context = {
          units: state === null ? {} : await this.unitsOf(state, streams),
          ...(await policyContext(streams, cycle)),
        };
        return cycleDecider.decide(
          { type: 'HonorLeadingUnit', data, metadata: commandMetadata(origin), context },
          state,
        );
      },
      origin,
    );
  }

  /** Every member's reports: the indicator tie-break ranks units by indicators exceeded. */
  private async unitsOf(
    cycle: CycleState,
    streams: DecisionContext,
  ): Promise<HonorLeadingUnit['context']['units']> {
    const loaded = await Promise.all(
      cycle.members.map(async ({ unitId }) => {
        const unit = await streams.load(unitCycleStream(cycle.blocId, cycle.year, unitId), unitCycleDecider);
        return [unitId, unit.state] as const;
      }),
    );
    return Object.fromEntries(loaded);
  }
}
