/** Importing a bloc-year's targets from a spreadsheet: the bloc-year, the file's bytes, who asked. */
import { Command } from '@nestjs/cqrs';
import type { CycleKey } from '../../cycles/cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

export class ImportTargetsCommand extends Command<CommandAccepted> {
  constructor(
    readonly cycle: CycleKey,
    readonly workbook: Buffer,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
