/**
 * Imports targets all or nothing: reads every row, lists every problem (400), else decides each
 * row as the single target command does (its conflict-of-interest and phase rules: 403, 409)
 * and appends every IndicatorTargetSet in one append to the cycle stream.
 */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CycleDeciderState, type CycleEvent, cycleDecider, cycleStream, DomainError } from '@app/domain';
import { ApiError } from '../../http/api.error.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { checkTargetRows, NotATargetsWorkbookError, readTargetRows } from '../rendering/target-import.js';
import { ImportTargetsCommand } from './import-targets.command.js';

@CommandHandler(ImportTargetsCommand)
export class ImportTargetsHandler implements ICommandHandler<ImportTargetsCommand> {
  constructor(private readonly streams: EventStreams) {}

  async execute({ cycle, workbook, origin }: ImportTargetsCommand): Promise<CommandAccepted> {
    const rows = await readTargetRows(workbook).catch((error: unknown) => {
      if (error instanceof NotATargetsWorkbookError) {
        throw ApiError.validationFailed({ body: [error.message] }, error.message);
      }
      throw error;
    });
    return this.streams.decideAndAppend(
      cycleStream(cycle.blocId, cycle.year),
      cycleDecider,
      (state) => {
        if (state === null)
          throw new DomainError('NOT_FOUND', `No such cycle: ${cycle.blocId} ${cycle.year}`);
        const checked = checkTargetRows(rows, state);
        if (!checked.ok) {
          throw new ApiError(
            400,
            'VALIDATION_FAILED',
            `${checked.problems.length} problem(s) in the spreadsheet`,
            checked.problems,
          );
        }
        const events: CycleEvent[] = [];
        let current: CycleDeciderState = state;
        for (const data of checked.targets) {
          const decided = cycleDecider.decide(
            { type: 'SetIndicatorTarget', data, metadata: commandMetadata(origin) },
            current,
          );
          current = decided.reduce(cycleDecider.evolve, current);
          events.push(...decided);
        }
        return events;
      },
      origin,
    );
  }
}
