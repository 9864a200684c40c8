/** Issuing one of a bloc-year's documents: the bloc-year, the kind, and who asked. */
import { Command } from '@nestjs/cqrs';
import type { DocumentKind } from '@app/domain';
import type { CycleKey } from '../../cycles/cycle-key.js';
import type { CommandAccepted } from '../../write/command-accepted.js';
import type { CommandOrigin } from '../../write/command-origin.js';

/** What issuing answers: the command's answer, the new document's id and digest. */
export interface DocumentIssuedAnswer extends CommandAccepted {
  readonly documentId: string;
  readonly sha256: string;
}

export class IssueDocumentCommand extends Command<DocumentIssuedAnswer> {
  constructor(
    readonly cycle: CycleKey,
    readonly kind: DocumentKind,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
