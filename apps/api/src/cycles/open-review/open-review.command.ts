/**
 * What opening the year-end review carries: the
 * bloc-year, the meeting's date and venue, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { OpenReview } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class OpenReviewCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: OpenReview['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
