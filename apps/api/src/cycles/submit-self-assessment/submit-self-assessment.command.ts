/**
 * What a self-assessment carries: the bloc-year, the unit
 * and its proposed points per criterion, and who asked.
 */

import { Command } from '@nestjs/cqrs';
import type { SubmitSelfAssessment } from '@app/domain';
import type { CycleKey } from '../cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class SubmitSelfAssessmentCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly data: SubmitSelfAssessment['data'],
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
