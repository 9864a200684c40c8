/**
 * What awarding a score carries: the bloc-year, the unit, criterion
 * and points, who asked, and the reason a revision needs.
 */

import { Command } from '@nestjs/cqrs';
import type { AwardScore } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class AwardScoreCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: AwardScore['data'],
    readonly origin: CommandOrigin,
    /** Required by the domain when the award revises an earlier one. */
    readonly reason?: string,
  ) {
    super();
  }
}
