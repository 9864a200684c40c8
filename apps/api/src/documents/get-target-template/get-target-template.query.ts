/** Asking for the targets import template of a bloc-year, and who asks. */
import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';

export class GetTargetTemplateQuery extends Query<Buffer> {
  constructor(
    readonly blocId: string,
    readonly year: number,
    readonly reader: Actor,
  ) {
    super();
  }
}
